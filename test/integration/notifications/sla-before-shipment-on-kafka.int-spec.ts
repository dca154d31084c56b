import { anEarlySlaEventIsToldOnce } from './support/early-sla-scenario';
import { NotificationsWorld, startNotificationsWorld } from './support/notifications-world';

jest.setTimeout(120_000);

/** The same early SLA events on the real Kafka broker, produced by a kafkajs producer of our own. */
describe('an SLA event before its shipment, on real Kafka', () => {
  let notifications: NotificationsWorld;

  beforeAll(async () => {
    notifications = await startNotificationsWorld('notif_early_sla_kafka', 'kafka');
  });

  afterAll(async () => {
    await notifications?.close();
  });

  const world = () => ({
    api: notifications.platform.api,
    databaseUrl: notifications.database.url,
    publish: notifications.publish,
    smtp: notifications.smtp,
    webhooks: notifications.webhooks,
  });

  it('applies an early sla.breached once its shipment comes: board row, alert, email and webhook, once each', async () => {
    await anEarlySlaEventIsToldOnce(world(), 'sla.breached');
  });

  it('tells an alert produced together with its shipment once, on every channel', async () => {
    await anEarlySlaEventIsToldOnce(world(), 'sla.at_risk', 'together');
  });
});
