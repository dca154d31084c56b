import { Kafka, logLevel } from 'kafkajs';

/** The broker `npm test` started from infra/kafka. */
export function brokers(): string[] {
  const value = process.env.KAFKA_BROKERS;
  if (!value) throw new Error('KAFKA_BROKERS is not set: run the suite through `npm test`');
  return value.split(',');
}

export function testKafka(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: brokers(), logLevel: logLevel.NOTHING });
}
