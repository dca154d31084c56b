import { randomUUID } from 'node:crypto';
import { Consumer, KafkaMessage } from 'kafkajs';
import { decodeEvent, Topics } from '@waybill/contracts';
import { brokers, testKafka } from '../support/kafka';
import { createDatabase } from '../support/postgres';
import { eventually } from '../support/eventually';
import { startHttpService } from '../support/processes';
import {
  expectFieldErrorsForBadInput,
  expectOneAnswerForUnknownNumberAndWrongToken,
  registerAndFollowOneShipment,
} from '../support/skeleton-flow';

jest.setTimeout(240_000);

const SERVICES = ['shipment-intake', 'tracking', 'sla-monitor', 'notifications'] as const;

/** Four service processes on a real Kafka broker (infra/kafka) and real PostgreSQL. */
describe('distributed: one shipment through four services over real Kafka', () => {
  let database: { url: string; drop(): Promise<void> };
  const running: Record<string, Awaited<ReturnType<typeof startHttpService>>> = {};
  let observer: Consumer;
  const onShipmentsTopic: KafkaMessage[] = [];
  const namespace = `e2e-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    database = await createDatabase('distributed');
    const env = {
      // Topics and groups of our own: other suites share this broker.
      KAFKA_NAMESPACE: namespace,
      DATABASE_URL: database.url,
      KAFKA_BROKERS: brokers().join(','),
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '100',
    };
    await Promise.all(
      SERVICES.map(async (name) => {
        running[name] = await startHttpService(`services/${name}/src/main.ts`, env);
      }),
    );
    observer = testKafka('distributed-e2e-observer').consumer({ groupId: `observer-${randomUUID()}` });
    await observer.connect();
    await observer.subscribe({ topic: `${namespace}.${Topics.shipments}`, fromBeginning: true });
    await observer.run({ eachMessage: async ({ message }) => void onShipmentsTopic.push(message) });
  });

  afterAll(async () => {
    await observer?.disconnect();
    await Promise.all(Object.values(running).map((service) => service.stop()));
    await database?.drop();
  });

  it('reports every service ready, with Postgres and Kafka checked', async () => {
    for (const name of SERVICES) {
      const response = await fetch(`${running[name].baseUrl}/health/ready`);
      const body: any = await response.json();
      expect(body.status).toBe('ok');
      expect(Object.keys(body.details)).toEqual([`postgres:${name}`, 'bus:kafka']);
    }
  });

  it('carries a shipment from intake through tracking, sla-monitor and notifications', async () => {
    const shipment = await registerAndFollowOneShipment({
      intakeUrl: running['shipment-intake'].baseUrl,
      trackingUrl: running.tracking.baseUrl,
      databaseUrl: database.url,
    });

    const message = await eventually(() => {
      const found = onShipmentsTopic.find((m) => m.key?.toString() === shipment.id);
      expect(found).toBeDefined();
      return found!;
    });
    const event = decodeEvent(message.value);
    expect(event).toMatchObject({
      type: 'shipment.created',
      version: 1,
      shipmentId: shipment.id,
      source: 'shipment-intake',
      causationId: null,
    });
    expect(event.payload).toMatchObject({
      trackingNumber: shipment.trackingNumber,
      serviceLevel: 'express',
      promisedBy: shipment.promisedBy,
    });
    expect(message.headers?.['event-type']?.toString()).toBe('shipment.created');
  });

  it('answers bad input with 400 and a list of fields and reasons', async () => {
    await expectFieldErrorsForBadInput(running['shipment-intake'].baseUrl);
  });

  it('gives an unknown tracking number and a wrong token the same 404', async () => {
    const shipment = await registerAndFollowOneShipment({
      intakeUrl: running['shipment-intake'].baseUrl,
      trackingUrl: running.tracking.baseUrl,
      databaseUrl: database.url,
    });
    await expectOneAnswerForUnknownNumberAndWrongToken(running.tracking.baseUrl, shipment);
  });
});
