import { createDatabase } from '../support/postgres';
import { startHttpService } from '../support/processes';
import {
  expectFieldErrorsForBadInput,
  expectOneAnswerForUnknownNumberAndWrongToken,
  registerAndFollowOneShipment,
} from '../support/skeleton-flow';

jest.setTimeout(180_000);

/** `npm start`'s process: four services, one port, the in-process bus, real PostgreSQL. */
describe('standalone: the same flow in one process without Kafka', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: Awaited<ReturnType<typeof startHttpService>>;

  beforeAll(async () => {
    database = await createDatabase('standalone');
    platform = await startHttpService('services/standalone/src/main.ts', {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: '', // standalone must not need Kafka
      LOG_LEVEL: 'warn',
    });
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
    await registerAndFollowOneShipment({ intakeUrl: platform.baseUrl, trackingUrl: platform.baseUrl, databaseUrl: database.url });
  });

  it('answers bad input with 400 and a list of fields and reasons', async () => {
    await expectFieldErrorsForBadInput(platform.baseUrl);
  });

  it('gives an unknown tracking number and a wrong token the same 404', async () => {
    const shipment = await registerAndFollowOneShipment({
      intakeUrl: platform.baseUrl,
      trackingUrl: platform.baseUrl,
      databaseUrl: database.url,
    });
    await expectOneAnswerForUnknownNumberAndWrongToken(platform.baseUrl, shipment);
  });

  it('stops cleanly on SIGTERM', async () => {
    const code = await platform.stop('SIGTERM');
    expect(code).toBe(0);
  });
});
