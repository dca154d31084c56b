import { createDatabase } from '../../support/postgres';
import { startPlatform, RunningPlatform } from '../../support/platform';
import { anEarlySlaEventIsToldOnce } from './support/early-sla-scenario';
import { publishOnBus } from './support/events';
import { HttpReceiver, startHttpReceiver } from './support/http-receiver';
import { SmtpInbox, startSmtpInbox } from './support/smtp-inbox';

jest.setTimeout(90_000);

/** SLA events that arrive before their shipment.created, on the in-process bus. */
describe('an SLA event before its shipment, on the in-process bus', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;
  let smtp: SmtpInbox;
  let webhooks: HttpReceiver;

  beforeAll(async () => {
    [database, smtp, webhooks] = await Promise.all([createDatabase('notif_early_sla'), startSmtpInbox(), startHttpReceiver()]);
    process.env.SMTP_URL = smtp.url;
    process.env.NOTIFY_DISPATCH_POLL_MS = '100';
    platform = await startPlatform({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await platform?.close();
    await Promise.all([smtp?.close(), webhooks?.close()]);
    await database?.drop();
  });

  const world = () => ({ api: platform.api, databaseUrl: database.url, publish: publishOnBus(platform.bus), smtp, webhooks });

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
