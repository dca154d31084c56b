import { eventually } from '../support/eventually';
import { createDatabase } from '../support/postgres';
import { startHttpService } from '../support/processes';
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
});
