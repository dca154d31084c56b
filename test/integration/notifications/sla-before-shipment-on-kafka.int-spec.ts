import { Producer } from 'kafkajs';
import { testKafka } from '../../support/kafka';
import { createDatabase } from '../../support/postgres';
import { startPlatform, RunningPlatform } from '../../support/platform';
import { anEarlySlaEventIsToldOnce } from './support/early-sla-scenario';
import { publishOnKafka } from './support/events';
import { HttpReceiver, startHttpReceiver } from './support/http-receiver';
import { SmtpInbox, startSmtpInbox } from './support/smtp-inbox';

jest.setTimeout(120_000);

/** The same early SLA events on the real Kafka broker, produced by a kafkajs producer of our own. */
describe('an SLA event before its shipment, on real Kafka', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;
  let smtp: SmtpInbox;
  let webhooks: HttpReceiver;
  let producer: Producer;

  beforeAll(async () => {
    [database, smtp, webhooks] = await Promise.all([createDatabase('notif_early_sla_kafka'), startSmtpInbox(), startHttpReceiver()]);
    process.env.SMTP_URL = smtp.url;
    process.env.NOTIFY_DISPATCH_POLL_MS = '100';
    platform = await startPlatform({ databaseUrl: database.url, bus: 'kafka' });
    producer = testKafka('notifications-early-sla-producer').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await platform?.close();
    await Promise.all([smtp?.close(), webhooks?.close()]);
    await database?.drop();
  });

  const world = () => ({ api: platform.api, databaseUrl: database.url, publish: publishOnKafka(producer, platform.topic), smtp, webhooks });

  it('applies an early sla.breached once its shipment comes: board row, alert, email and webhook, once each', async () => {
    await anEarlySlaEventIsToldOnce(world(), 'sla.breached');
  });

  it('tells an alert produced together with its shipment once, on every channel', async () => {
    await anEarlySlaEventIsToldOnce(world(), 'sla.at_risk', 'together');
  });
});
