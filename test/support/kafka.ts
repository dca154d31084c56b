import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, KafkaMessage, logLevel } from 'kafkajs';

/** The broker `npm test` started from infra/kafka. */
export function brokers(): string[] {
  const value = process.env.KAFKA_BROKERS;
  if (!value) throw new Error('KAFKA_BROKERS is not set: run the suite through `npm test`');
  return value.split(',');
}

export function testKafka(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: brokers(), logLevel: logLevel.NOTHING });
}

/**
 * Reads a topic from the beginning with a consumer group of its own and collects every message
 * once. A consumer that rebalances reads some messages again; those rereads (same partition and
 * offset) are not new publications, so they are dropped here. Disconnect the returned consumer.
 */
export async function observeTopic(kafka: Kafka, topic: string): Promise<{ messages: KafkaMessage[]; consumer: Consumer }> {
  const messages: KafkaMessage[] = [];
  const positions = new Set<string>();
  const consumer = kafka.consumer({ groupId: `observer-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const position = `${partition}:${message.offset}`;
      if (positions.has(position)) return;
      positions.add(position);
      messages.push(message);
    },
  });
  return { messages, consumer };
}
