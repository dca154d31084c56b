import { randomUUID } from 'node:crypto';
import { Consumer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { decodeEvent, encodeEvent } from '@waybill/contracts';
import { KafkaBus, MessagingTablesV1, MessagingTablesV2, Outbox, OUTBOX_ROW_MESSAGES, OutboxRelay } from '@waybill/messaging';
import { createDatabase } from '../support/postgres';
import { brokers, observeTopic, testKafka } from '../support/kafka';
import { eventually } from '../support/eventually';
import { newShipmentId, numberedEvent } from '../support/messaging-harness';

jest.setTimeout(120_000);

const SCHEMA = 'batched';

/**
 * MessagingTablesV2 on a real PostgreSQL and Kafka: an outbox row holds many messages, rows
 * written before the upgrade are still relayed, in order, and `outbox_messages` shows one row
 * per message of either kind.
 */
describe('outbox rows holding a batch of messages (MessagingTablesV2)', () => {
  const kafka = testKafka('outbox-batches-int-spec');
  let database: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let bus: KafkaBus;
  let relay: OutboxRelay | undefined;
  let observer: Consumer | undefined;

  async function migrate(step: (runner: ReturnType<DataSource['createQueryRunner']>) => Promise<void>): Promise<void> {
    const runner = dataSource.createQueryRunner();
    try {
      await step(runner);
    } finally {
      await runner.release();
    }
  }

  beforeAll(async () => {
    database = await createDatabase('outbox_batches');
    dataSource = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 4 } }).initialize();
    await dataSource.query(`CREATE SCHEMA ${SCHEMA}`);
    bus = new KafkaBus({ brokers: brokers(), clientId: 'outbox-batches-int-spec' });
    await bus.start();
  });

  afterAll(async () => {
    await observer?.disconnect();
    await relay?.stop();
    await bus?.stop();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('relays rows from before the upgrade, then batched rows, each shipment in order, every message once', async () => {
    const topic = `test.outbox-batches.${randomUUID()}`;
    await bus.createTopics([topic]);
    const { messages: seen, consumer } = await observeTopic(kafka, topic);
    observer = consumer;
    const shipments = Array.from({ length: 7 }, () => newShipmentId());

    // Version 1: two unsent rows, one message each, left by the previous release.
    await migrate((runner) => MessagingTablesV1.up(runner, SCHEMA));
    for (const seq of [1, 2]) {
      const event = numberedEvent(shipments[0], seq);
      await dataSource.query(`INSERT INTO ${SCHEMA}.outbox (topic, key, value, headers) VALUES ($1, $2, $3, $4)`, [
        topic,
        event.shipmentId,
        Buffer.from(encodeEvent(event)),
        JSON.stringify({ 'event-id': event.id }),
      ]);
    }
    await migrate((runner) => MessagingTablesV2.up(runner, SCHEMA));

    // One transaction's 2,500 events across seven shipments (three rows), then a binary message.
    const outbox = new Outbox(SCHEMA, () => relay?.markWritten());
    const events = Array.from({ length: 2_500 }, (_, i) => numberedEvent(shipments[i % 7], 3 + Math.floor(i / 7)));
    await dataSource.transaction((manager) =>
      outbox.addMessages(
        manager,
        events.map((event) => ({ topic, key: event.shipmentId, value: encodeEvent(event), headers: { 'event-id': event.id } })),
      ),
    );
    const binary = Buffer.from([0xff, 0x00, 0xfe]);
    await dataSource.transaction((manager) => outbox.addMessages(manager, [{ topic, key: shipments[0], value: binary }]));
    const rows = await dataSource.query(`SELECT message_count FROM ${SCHEMA}.outbox ORDER BY id`);
    expect(rows.map((row: { message_count: number }) => row.message_count)).toEqual([1, 1, OUTBOX_ROW_MESSAGES, OUTBOX_ROW_MESSAGES, 500, 1]);

    relay = new OutboxRelay(dataSource, bus, { schema: SCHEMA, pollIntervalMs: 100, batchSize: 700 });
    relay.start();
    await eventually(() => expect(seen).toHaveLength(2 + 2_500 + 1), 60_000);

    // Three partitions: order holds per key (shipment), which is what consumers rely on.
    const [binaryOut] = seen.filter((message) => !message.value!.toString().startsWith('{'));
    expect(binaryOut.value?.equals(binary)).toBe(true);
    const relayed = seen.filter((message) => message !== binaryOut).map((message) => decodeEvent(message.value!));
    expect(new Set(relayed.map((event) => event.id)).size).toBe(2 + 2_500);
    for (const shipmentId of shipments) {
      const sequence = relayed.filter((event) => event.shipmentId === shipmentId).map((event) => Number((event.payload as { reason: string }).reason));
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
      if (shipmentId === shipments[0]) expect(sequence.slice(0, 2)).toEqual([1, 2]);
    }
    await eventually(async () => {
      const [{ unsent }] = await dataSource.query(`SELECT count(*)::int AS unsent FROM ${SCHEMA}.outbox WHERE sent_at IS NULL`);
      expect(unsent).toBe(0);
    });

    // The view: one row per message, in send order, with the bytes that went to Kafka.
    const listed: { key: string; value: Buffer }[] = await dataSource.query(
      `SELECT key, value FROM ${SCHEMA}.outbox_messages ORDER BY id, position`,
    );
    const perKey = (rows: { key: string; value: Buffer }[]) => {
      const byKey = new Map<string, string[]>();
      for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row.value.toString('hex')]);
      return byKey;
    };
    expect(perKey(listed)).toEqual(perKey(seen.map((message) => ({ key: message.key!.toString(), value: message.value! }))));
    expect(JSON.parse(listed[0].value.toString()).payload.reason).toBe('1'); // the first row from before the upgrade
    expect(listed[listed.length - 1].value.equals(binary)).toBe(true);

    // And back: version 1's one row per message, in the same order.
    await relay.stop();
    relay = undefined;
    await migrate((runner) => MessagingTablesV2.down(runner, SCHEMA));
    const downgraded: { value: Buffer }[] = await dataSource.query(`SELECT value FROM ${SCHEMA}.outbox ORDER BY id`);
    expect(downgraded.map((row) => row.value.toString('hex'))).toEqual(listed.map((row) => row.value.toString('hex')));
  });
});
