import { anEarlySlaEventIsToldOnce } from './support/early-sla-scenario';
import { NotificationsWorld, startNotificationsWorld } from './support/notifications-world';

jest.setTimeout(120_000);

/**
 * SLA events that arrive before their shipment.created: on the in-process bus, and on the real
 * Kafka broker with events produced by a kafkajs producer of our own (keyed by shipment id).
 */
describe.each([
  ['the in-process bus', 'in-process', 'notif_early_sla', 5],
  ['real Kafka', 'kafka', 'notif_early_sla_kafka', 1],
] as const)('an SLA event before its shipment, on %s', (_name, bus, databaseName, racedRounds) => {
  let notifications: NotificationsWorld;

  beforeAll(async () => {
    notifications = await startNotificationsWorld(databaseName, bus);
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

  it('applies an early sla.at_risk once its shipment comes: board row, alert, email and webhook, once each', async () => {
    await anEarlySlaEventIsToldOnce(world(), 'sla.at_risk');
  });

  it('tells an alert published together with its shipment (the two topics race) once, on every channel', async () => {
    // Each round is a fresh shipment; the in-process bus is cheap enough to race it several times.
    for (let i = 0; i < racedRounds; i++) await anEarlySlaEventIsToldOnce(world(), i % 2 ? 'sla.breached' : 'sla.at_risk', 'together');
  });
});
