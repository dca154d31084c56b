import 'reflect-metadata';
import * as path from 'node:path';
import { InProcessBus } from '@waybill/messaging';
import { accessSettingsFrom, formatDemoCredentials, hardeningConfigFrom, seedDemoUsers } from '@waybill/access';
import { ConfigError, loadConfig, ServiceSettings } from '@waybill/service-kit';
import { createHostApp, refuseDefaultSecretsInProduction } from '@waybill/service-host';
import { platformModule } from './platform.module';
import { StandaloneConfig, StandaloneEnv } from './standalone.config';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startEmbeddedPostgres } = require('../../../infra/postgres/embedded-postgres.js');

async function databaseUrl(config: StandaloneConfig): Promise<{ url: string; stop?: () => Promise<void> }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL };
  const dataDir = path.resolve(config.WAYBILL_DATA_DIR, 'pgdata');
  // Its SIGINT/SIGTERM are ours: main's shutdown closes the services first, then the database.
  return startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT, hostHandlesSignals: true });
}

/** Set once SIGINT/SIGTERM arrived: what fails after that is the shutdown, not an error. */
let stopping = false;

/** All four services in one process: one port, embedded Postgres, the in-process bus. */
async function main(): Promise<void> {
  const started = Date.now();
  let config: StandaloneConfig;
  try {
    config = refuseDefaultSecretsInProduction(loadConfig(StandaloneEnv));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`standalone: ${error.message}`);
    process.exit(78);
  }
  const database = await databaseUrl(config);
  // From here the host owns SIGINT/SIGTERM (`hostHandlesSignals`): close the app (relays,
  // consumers, bus) once there is one, then the embedded database under it.
  let app: Awaited<ReturnType<typeof createHostApp>> | undefined = undefined;
  const shutdown = async () => {
    stopping = true;
    await app?.close();
    await database.stop?.();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  const settings: ServiceSettings = {
    databaseUrl: database.url,
    trackingTokenSecret: config.TRACKING_TOKEN_SECRET,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    outboxPollMs: config.OUTBOX_POLL_MS,
  };
  let root: ReturnType<typeof platformModule>;
  try {
    // Service modules read their own variables (SMTP_URL, …) here: a bad one stops us, named.
    root = platformModule({
      settings,
      bus: new InProcessBus(),
      access: accessSettingsFrom(config, database.url),
      logLevel: config.LOG_LEVEL,
    });
  } catch (error) {
    await database.stop?.();
    if (!(error instanceof ConfigError)) throw error;
    console.error(`standalone: ${error.message}`);
    process.exit(78);
  }
  app = await createHostApp(root, { shutdownHooks: false, title: 'Waybill', hardening: hardeningConfigFrom(config) });
  await app.listen(config.PORT, '0.0.0.0');
  console.log(`Waybill standalone is listening on http://localhost:${config.PORT} (ready in ${Date.now() - started} ms)`);
  // Standalone is the try-it-out mode: one account per staff role, printed once. Production
  // creates its users with the admin CLI or endpoint instead (libs/access README).
  if (config.NODE_ENV !== 'production') console.log(formatDemoCredentials(await seedDemoUsers(app)));
}

main().catch((error) => {
  // Stopped while starting or seeding (Ctrl-C right after start): the database is closing.
  if (!stopping) throw error;
});
