import { createDatabase, query } from '../../support/postgres';
import { eventually } from '../../support/eventually';
import { startPlatform, RunningPlatform } from '../../support/platform';
import { deleteWebhook, notificationsOf, oneBreachIsToldOnce, subscribeWebhook } from './support/breach-scenario';
import { aShipment, copyWithNewId, publishOnBus, slaEvent } from './support/events';
import { HttpReceiver, startHttpReceiver } from './support/http-receiver';
import { SmtpInbox, startSmtpInbox } from './support/smtp-inbox';

jest.setTimeout(90_000);

/** All four services in-process on the in-process bus, a real SMTP server, a real webhook endpoint. */
describe('a breach on the in-process bus', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;
  let smtp: SmtpInbox;
  let webhooks: HttpReceiver;

  beforeAll(async () => {
    [database, smtp, webhooks] = await Promise.all([createDatabase('notif_breach_inproc'), startSmtpInbox(), startHttpReceiver()]);
    process.env.SMTP_URL = smtp.url;
    process.env.NOTIFY_DISPATCH_POLL_MS = '100';
    platform = await startPlatform({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await platform?.close();
    await Promise.all([smtp?.close(), webhooks?.close()]);
    await database?.drop();
  });

  it('produces exactly one email, one signed webhook delivery and one board alert, whatever the duplicates', async () => {
    const shipment = await oneBreachIsToldOnce({ api: platform.api, publish: publishOnBus(platform.bus), smtp, webhooks });
    const outcomes = await query<{ type: string }>(
      database.url,
      `SELECT headers->>'event-type' AS type FROM notifications.outbox WHERE key = $1 ORDER BY id`,
      [shipment.id],
    );
    expect(outcomes.map((o) => o.type).sort()).toEqual([
      'notification.sent',
      'notification.sent',
      'notification.suppressed',
      'notification.suppressed',
    ]);
  });

  it('sends nothing again after a restart, when the same breach arrives again', async () => {
    const subscription = await subscribeWebhook(platform.api, `${webhooks.url}/restart`, ['sla.breached']);
    const shipment = aShipment();
    const breached = slaEvent(shipment, 'sla.breached', 'breached', 'late');
    await publishOnBus(platform.bus)([shipment.created, breached]);
    const email = shipment.created.payload.recipient.email!;
    const toRestart = () => webhooks.requests.filter((r) => r.path === '/restart');
    await eventually(() => {
      expect(smtp.to(email)).toHaveLength(1);
      expect(toRestart()).toHaveLength(1);
    });

    await platform.close();
    platform = await startPlatform({ databaseUrl: database.url });
    // A fresh in-process bus redelivers everything: the same events, and a re-emitted copy.
    await publishOnBus(platform.bus)([shipment.created, breached, copyWithNewId(breached)]);

    await eventually(async () => {
      const notifications = await notificationsOf(platform.api, shipment.id);
      expect(notifications.map((n) => [n.channel, n.status, n.duplicates]).sort()).toEqual([
        ['email', 'sent', 1],
        ['webhook', 'sent', 1],
      ]);
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(smtp.to(email)).toHaveLength(1);
    expect(toRestart()).toHaveLength(1);
    await deleteWebhook(platform.api, subscription.id);
  });
});
