import { Producer } from 'kafkajs';
import { testKafka } from '../../support/kafka';
import { createDatabase } from '../../support/postgres';
import { startPlatform, RunningPlatform } from '../../support/platform';
import { oneBreachIsToldOnce } from './support/breach-scenario';
import { publishOnKafka } from './support/events';
import { HttpReceiver, startHttpReceiver } from './support/http-receiver';
import { SmtpInbox, startSmtpInbox } from './support/smtp-inbox';

jest.setTimeout(120_000);

/**
 * The same breach on the real Kafka broker: sla.breached and shipment.created are produced by a
 * kafkajs producer of our own, keyed by shipment id, as sla-monitor and intake would.
 */
describe('a breach on real Kafka', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;
  let smtp: SmtpInbox;
  let webhooks: HttpReceiver;
  let producer: Producer;

  beforeAll(async () => {
    [database, smtp, webhooks] = await Promise.all([createDatabase('notif_breach_kafka'), startSmtpInbox(), startHttpReceiver()]);
    process.env.SMTP_URL = smtp.url;
    process.env.NOTIFY_DISPATCH_POLL_MS = '100';
    platform = await startPlatform({ databaseUrl: database.url, bus: 'kafka' });
    producer = testKafka('notifications-breach-producer').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await platform?.close();
    await Promise.all([smtp?.close(), webhooks?.close()]);
    await database?.drop();
  });

  it('produces exactly one email, one signed webhook delivery and one board alert, whatever the duplicates', async () => {
    await oneBreachIsToldOnce({ api: platform.api, publish: publishOnKafka(producer, platform.topic), smtp, webhooks });
  });
});
