import { randomUUID } from 'node:crypto';
import { Consumer } from 'kafkajs';
import { decodeEvent, EventEnvelope, Topics } from '@waybill/contracts';
import { brokers, testKafka } from '../support/kafka';
import { createDatabase } from '../support/postgres';
import { eventually } from '../support/eventually';
import { RunningPlatform, startPlatform } from '../support/platform';
import { RunningProcess, startHttpService } from '../support/processes';
import { aShipmentRequest, getJson, postJson } from '../support/shipments';
import { PROCESS_JWT_SECRET, staffHeader } from '../support/staff-tokens';

jest.setTimeout(180_000);

const SLA_ENV = { SLA_POLL_MS: '100', SLA_BREACH_GRACE_SECONDS: '1' };

/** Registers a shipment promised a few seconds from now, which nobody will ever deliver. */
async function shipPromisedSoon(intakeUrl: string, staff: Record<string, string>): Promise<{ id: string; trackingNumber: string; promisedBy: string }> {
  const carrier = `e2e-${randomUUID().slice(0, 8)}`;
  const created = await postJson(
    `${intakeUrl}/api/v1/shipments`,
    aShipmentRequest({ carrier, promisedBy: new Date(Date.now() + 3000).toISOString() }),
    staff,
  );
  expect(created.status).toBe(201);
  return created.body;
}

async function expectListedAsBreached(slaUrl: string, staff: Record<string, string>, shipment: { id: string; trackingNumber: string; promisedBy: string }) {
  const breach = await eventually(async () => {
    const { status, body } = await getJson(`${slaUrl}/api/v1/sla/breaches?region=FR&limit=1000`, staff);
    expect(status).toBe(200);
    const found = body.items.find((item: { shipmentId: string }) => item.shipmentId === shipment.id);
    expect(found).toBeDefined();
    return found;
  }, 60_000, 250);
  expect(breach).toMatchObject({
    trackingNumber: shipment.trackingNumber,
    promisedBy: shipment.promisedBy,
    region: 'FR',
    serviceLevel: 'express',
    reason: 'not_out_for_delivery_by_cutoff',
  });
  const csv = await (await fetch(`${slaUrl}/api/v1/sla/breaches?format=csv`, { headers: staff })).text();
  expect(csv).toContain(`${shipment.id},${shipment.trackingNumber},express`);
}

function expectBreachedEvent(events: EventEnvelope[], shipment: { id: string; promisedBy: string }) {
  // Kafka delivers at least once: an observer that rebalances reads some messages again. A
  // consumer counts events by id, and so does this check.
  const distinct = [...new Map(events.filter((e) => e.shipmentId === shipment.id).map((e) => [e.id, e])).values()];
  const types = distinct.map((e) => e.type);
  expect(types).toEqual(['sla.at_risk', 'sla.late', 'sla.breached']);
  const breached = events.find((e) => e.shipmentId === shipment.id && e.type === 'sla.breached')!;
  expect(breached).toMatchObject({
    source: 'sla-monitor',
    payload: { previousState: 'late', state: 'breached', promisedBy: shipment.promisedBy },
  });
}

describe('a promise that passes without delivery is reported as breached', () => {
  beforeAll(() => Object.assign(process.env, SLA_ENV));

  describe('standalone: in-process bus', () => {
    let database: { url: string; drop(): Promise<void> };
    let platform: RunningPlatform;
    const seen: EventEnvelope[] = [];

    beforeAll(async () => {
      database = await createDatabase('sla_breach_standalone');
      platform = await startPlatform({ databaseUrl: database.url });
      await platform.bus.subscribe({
        groupId: 'e2e-sla-observer',
        topics: [Topics.sla],
        handleBatch: async (batch, context) => {
          for (const message of batch.messages) seen.push(decodeEvent(message.value) as EventEnvelope);
          await context.commit(batch.messages[batch.messages.length - 1].offset);
        },
      });
    });

    afterAll(async () => {
      await platform?.close();
      await database?.drop();
    });

    it('lists the shipment in GET /sla/breaches and publishes sla.breached', async () => {
      const admin = await platform.staff('admin');
      const shipment = await shipPromisedSoon(platform.baseUrl, admin);
      await expectListedAsBreached(platform.baseUrl, admin, shipment);
      await eventually(() => expectBreachedEvent(seen, shipment), 60_000);
    });
  });

  describe('distributed: intake and sla-monitor processes on Kafka', () => {
    let database: { url: string; drop(): Promise<void> };
    const running: RunningProcess[] = [];
    let intakeUrl: string;
    let slaUrl: string;
    let observer: Consumer;
    const seen: EventEnvelope[] = [];
    const namespace = `e2e-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      database = await createDatabase('sla_breach_distributed');
      const env = {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: brokers().join(','),
        LOG_LEVEL: 'warn',
        OUTBOX_POLL_MS: '100',
        ...SLA_ENV,
        // Topics of our own: other suites' sla-monitors on this broker must not see our shipments.
        KAFKA_NAMESPACE: namespace,
        JWT_SECRET: PROCESS_JWT_SECRET,
      };
      const [intake, sla] = await Promise.all([
        startHttpService('services/shipment-intake/src/main.ts', env),
        startHttpService('services/sla-monitor/src/main.ts', env),
      ]);
      running.push(intake, sla);
      intakeUrl = intake.baseUrl;
      slaUrl = sla.baseUrl;
      observer = testKafka('sla-e2e-observer').consumer({ groupId: `observer-${randomUUID()}` });
      await observer.connect();
      await observer.subscribe({ topic: `${namespace}.${Topics.sla}`, fromBeginning: true });
      await observer.run({ eachMessage: async ({ message }) => void seen.push(decodeEvent(message.value) as EventEnvelope) });
    });

    afterAll(async () => {
      await observer?.disconnect();
      await Promise.all(running.map((service) => service.stop()));
      await database?.drop();
    });

    it('lists the shipment in GET /sla/breaches and publishes sla.breached on waybill.sla.v1', async () => {
      const admin = await staffHeader('admin');
      const shipment = await shipPromisedSoon(intakeUrl, admin);
      await expectListedAsBreached(slaUrl, admin, shipment);
      await eventually(() => expectBreachedEvent(seen, shipment), 60_000);
    });
  });
});
