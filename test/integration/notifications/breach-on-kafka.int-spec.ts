import { oneBreachIsToldOnce } from './support/breach-scenario';
import { NotificationsWorld, startNotificationsWorld } from './support/notifications-world';

jest.setTimeout(120_000);

/**
 * The same breach on the real Kafka broker: sla.breached and shipment.created are produced by a
 * kafkajs producer of our own, keyed by shipment id, as sla-monitor and intake would.
 */
describe('a breach on real Kafka', () => {
  let world: NotificationsWorld;

  beforeAll(async () => {
    world = await startNotificationsWorld('notif_breach_kafka', 'kafka');
  });

  afterAll(async () => {
    await world?.close();
  });

  it('produces exactly one email, one signed webhook delivery and one board alert, whatever the duplicates', async () => {
    await oneBreachIsToldOnce({ api: world.platform.api, publish: world.publish, smtp: world.smtp, webhooks: world.webhooks });
  });
});
