import { query } from '../../support/postgres';
import { eventually } from '../../support/eventually';
import { deleteWebhook, notificationsOf, oneBreachIsToldOnce, subscribeWebhook } from './support/breach-scenario';
import { aShipment, copyWithNewId, slaEvent } from './support/events';
import { NotificationsWorld, startNotificationsWorld } from './support/notifications-world';

jest.setTimeout(90_000);

/** All four services in-process on the in-process bus, a real SMTP server, a real webhook endpoint. */
describe('a breach on the in-process bus', () => {
  let world: NotificationsWorld;

  beforeAll(async () => {
    world = await startNotificationsWorld('notif_breach_inproc');
  });

  afterAll(async () => {
    await world?.close();
  });

  it('produces exactly one email, one signed webhook delivery and one board alert, whatever the duplicates', async () => {
    const shipment = await oneBreachIsToldOnce({ api: world.platform.api, publish: world.publish, smtp: world.smtp, webhooks: world.webhooks });
    const outcomes = await query<{ type: string }>(
      world.database.url,
      `SELECT headers->>'event-type' AS type FROM notifications.outbox_messages WHERE key = $1 ORDER BY id, position`,
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
    const subscription = await subscribeWebhook(world.platform.api, `${world.webhooks.url}/restart`, ['sla.breached']);
    const shipment = aShipment();
    const breached = slaEvent(shipment, 'sla.breached', 'breached', 'late');
    await world.publish([shipment.created, breached]);
    const email = shipment.created.payload.recipient.email!;
    const toRestart = () => world.webhooks.requests.filter((r) => r.path === '/restart');
    await eventually(() => {
      expect(world.smtp.to(email)).toHaveLength(1);
      expect(toRestart()).toHaveLength(1);
    });

    await world.restart();
    // A fresh in-process bus redelivers everything: the same events, and a re-emitted copy.
    await world.publish([shipment.created, breached, copyWithNewId(breached)]);

    await eventually(async () => {
      const notifications = await notificationsOf(world.platform.api, shipment.id);
      expect(notifications.map((n) => [n.channel, n.status, n.duplicates]).sort()).toEqual([
        ['email', 'sent', 1],
        ['webhook', 'sent', 1],
      ]);
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(world.smtp.to(email)).toHaveLength(1);
    expect(toRestart()).toHaveLength(1);
    await deleteWebhook(world.platform.api, subscription.id);
  });
});
