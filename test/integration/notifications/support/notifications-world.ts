import { Producer } from 'kafkajs';
import { testKafka } from '../../../support/kafka';
import { createDatabase } from '../../../support/postgres';
import { RunningPlatform, startPlatform } from '../../../support/platform';
import { publishOnBus, publishOnKafka, Publish } from './events';
import { HttpReceiver, startHttpReceiver } from './http-receiver';
import { SmtpInbox, startSmtpInbox } from './smtp-inbox';

/**
 * What a notifications suite runs against: the whole platform on a database of its own, a real
 * SMTP server and a real webhook endpoint, and a way to publish events as the other services do
 * (on Kafka, with a kafkajs producer of our own keyed by shipment id).
 */
export interface NotificationsWorld {
  database: { url: string; drop(): Promise<void> };
  platform: RunningPlatform;
  smtp: SmtpInbox;
  webhooks: HttpReceiver;
  publish: Publish;
  /** Starts the platform again on the same database (a restart); publish follows it. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startNotificationsWorld(databaseName: string, bus: 'in-process' | 'kafka' = 'in-process'): Promise<NotificationsWorld> {
  const [database, smtp, webhooks] = await Promise.all([createDatabase(databaseName), startSmtpInbox(), startHttpReceiver()]);
  process.env.SMTP_URL = smtp.url;
  process.env.NOTIFY_DISPATCH_POLL_MS = '100';
  let producer: Producer | undefined;
  if (bus === 'kafka') {
    producer = testKafka(`${databaseName}-producer`).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }
  const world: NotificationsWorld = {
    database,
    platform: await startPlatform({ databaseUrl: database.url, bus }),
    smtp,
    webhooks,
    publish: (events) => (producer ? publishOnKafka(producer, world.platform.topic) : publishOnBus(world.platform.bus))(events),
    async restart() {
      await world.platform.close();
      world.platform = await startPlatform({ databaseUrl: database.url, bus });
    },
    async close() {
      await producer?.disconnect();
      await world.platform?.close();
      await Promise.all([smtp.close(), webhooks.close()]);
      await database.drop();
    },
  };
  return world;
}
