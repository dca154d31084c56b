import { anEarlySlaEventIsToldOnce } from './support/early-sla-scenario';
import { NotificationsWorld, startNotificationsWorld } from './support/notifications-world';

jest.setTimeout(90_000);

/** SLA events that arrive before their shipment.created, on the in-process bus. */
describe('an SLA event before its shipment, on the in-process bus', () => {
  let notifications: NotificationsWorld;

  beforeAll(async () => {
    notifications = await startNotificationsWorld('notif_early_sla', 'in-process');
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
    for (let i = 0; i < 5; i++) await anEarlySlaEventIsToldOnce(world(), i % 2 ? 'sla.at_risk' : 'sla.breached', 'together');
  });
});
