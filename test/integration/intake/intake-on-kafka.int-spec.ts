import { randomUUID } from 'node:crypto';
import { Consumer, KafkaMessage, Producer } from 'kafkajs';
import { decodeEvent, encodeEvent, newEvent, Topics } from '@waybill/contracts';
import { eventually } from '../../support/eventually';
import { testKafka } from '../../support/kafka';
import { createDatabase } from '../../support/postgres';
import { RunningIntake, startIntake } from './intake-app';
import { aCsvRow, aShipment, call, csvOf } from './intake-http';

jest.setTimeout(240_000);

/** Shipment intake on the real Kafka broker: its events reach the topic, keyed and enveloped. */
describe('shipment intake on real Kafka and PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let intake: RunningIntake;
  let observer: Consumer;
  let producer: Producer;
  const seen = new Map<string, KafkaMessage[]>();

  function messagesFor(id: string): KafkaMessage[] {
    return seen.get(id) ?? [];
  }

  beforeAll(async () => {
    database = await createDatabase('intake_kafka');
    intake = await startIntake({ databaseUrl: database.url, bus: 'kafka', clientId: 'intake-kafka-int-spec' });
    const kafka = testKafka('intake-kafka-observer');
    const positions = new Set<string>();
    observer = kafka.consumer({ groupId: `observer-${randomUUID()}` });
    await observer.connect();
    await observer.subscribe({ topic: intake.topic(Topics.shipments), fromBeginning: true });
    await observer.run({
      eachMessage: async ({ partition, message }) => {
        // A rebalance can hand this observer a message again: count each position once.
        const position = `${partition}:${message.offset}`;
        if (positions.has(position)) return;
        positions.add(position);
        const key = message.key?.toString() ?? '(none)';
        seen.set(key, [...messagesFor(key), message]);
      },
    });
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await observer?.disconnect();
    await producer?.disconnect();
    await intake?.close();
    await database?.drop();
  });

  function expectCreatedOnTopic(created: { id: string; trackingNumber: string; promisedBy: string }) {
    const messages = messagesFor(created.id);
    expect(messages).toHaveLength(1);
    const event = decodeEvent(messages[0].value);
    expect(event).toMatchObject({
      type: 'shipment.created',
      version: 1,
      shipmentId: created.id,
      source: 'shipment-intake',
      payload: { trackingNumber: created.trackingNumber, promisedBy: created.promisedBy, policyVersion: '2025.1' },
    });
    expect(messages[0].headers?.['event-type']?.toString()).toBe('shipment.created');
    expect(messages[0].headers?.['event-id']?.toString()).toBe(event.id);
  }

  it('publishes a shipment.created per committed batch row, keyed by shipment id, and nothing for the rest', async () => {
    const rows: unknown[] = Array.from({ length: 120 }, () => aShipment());
    rows.push(aShipment({ serviceLevel: 'teleport' }), aShipment({ merchantReference: (rows[0] as any).merchantReference }));
    const answer = await call(intake.api, 'POST', '/shipments/batch', { body: rows });
    expect(answer.body).toMatchObject({ created: 120, invalid: 1, duplicate: 1 });
    const created = answer.body.results.filter((r: any) => r.status === 'created');

    await eventually(() => created.forEach(expectCreatedOnTopic), 60_000);
  });

  it('publishes a shipment.created per committed CSV row', async () => {
    const { body: answer } = await call(intake.api, 'POST', '/shipments/import', {
      body: csvOf(Array.from({ length: 600 }, () => aCsvRow())),
      contentType: 'text/csv',
    });
    expect(answer.created).toBe(600);

    await eventually(() => answer.results.forEach(expectCreatedOnTopic), 60_000);
  });

  it('keeps one shipment in order on its key: created, updated, cancelled', async () => {
    const shipment = (await call(intake.api, 'POST', '/shipments', { body: aShipment() })).body;
    await call(intake.api, 'PATCH', `/shipments/${shipment.id}`, { body: { recipient: { phone: '+4930123456' } } });
    await call(intake.api, 'POST', `/shipments/${shipment.id}/cancel`, { body: { reason: 'duplicate order' } });

    await eventually(() => {
      const types = messagesFor(shipment.id).map((m) => decodeEvent(m.value).type);
      expect(types).toEqual(['shipment.created', 'shipment.updated', 'shipment.cancelled']);
    }, 60_000);
  });

  it('reads the status tracking publishes on Kafka into its read model', async () => {
    const shipment = (await call(intake.api, 'POST', '/shipments', { body: aShipment() })).body;
    const event = newEvent(
      'tracking.status_changed',
      shipment.id,
      { trackingNumber: shipment.trackingNumber, previousStatus: 'out_for_delivery', status: 'delivered', version: 6 },
      { source: 'tracking' },
    );
    await producer.send({ topic: intake.topic(Topics.tracking), messages: [{ key: shipment.id, value: encodeEvent(event) }] });

    await eventually(async () => {
      expect((await call(intake.api, 'GET', `/shipments/${shipment.id}`)).body.status).toBe('delivered');
    }, 60_000);
    expect((await call(intake.api, 'POST', `/shipments/${shipment.id}/cancel`)).status).toBe(409);
  });
});
