import { randomUUID } from 'node:crypto';
import { testKafka } from '../support/kafka';
import { eventually } from '../support/eventually';

jest.setTimeout(60_000);

/**
 * Proves the pairing recorded in infra/kafka/README.md: the broker infra/kafka starts (Kafka 4.x,
 * KRaft) and kafkajs 2.2.4 agree on every API Waybill uses.
 */
describe('kafkajs 2.2.4 against the infra/kafka broker', () => {
  const kafka = testKafka('pairing-spec');
  const admin = kafka.admin();
  const topic = `test.pairing.${randomUUID()}`;

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it('creates a topic with admin.createTopics', async () => {
    // Readiness is polled here, as KafkaBus.createTopics does, rather than by kafkajs'
    // waitForLeaders: right after a create, this KRaft broker can answer a metadata request with
    // "does not host this topic-partition", which kafkajs' own wait does not retry (it failed
    // CI once, 2026-11-29).
    expect(await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: 3 }] })).toBe(true);
    await eventually(async () => {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0].partitions).toHaveLength(3);
      expect(topics[0].partitions.every((p) => p.leader >= 0)).toBe(true);
    });
  });

  it('produces with acks=all and an idempotent producer', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const results = await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: 10 }, (_, i) => ({ key: `shipment-${i % 2}`, value: `m${i}` })),
      });
      expect(results.every((r) => r.errorCode === 0)).toBe(true);
    } finally {
      await producer.disconnect();
    }
  });

  it('joins a consumer group, consumes everything and commits the offsets it chose', async () => {
    const groupId = `pairing-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId });
    const received: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          received.push(message.value!.toString());
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        },
      });
      await eventually(() => expect(received.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort()));
    } finally {
      await consumer.disconnect();
    }
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const highWatermarks = await admin.fetchTopicOffsets(topic);
    for (const { partition, offset } of committed[0].partitions) {
      const { high } = highWatermarks.find((p) => p.partition === partition)!;
      // A partition no key landed on has nothing to commit: Kafka reports -1 for it.
      expect(offset).toBe(high === '0' ? '-1' : high);
    }
  });
});
