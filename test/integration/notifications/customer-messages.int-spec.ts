import { newEvent } from '@waybill/contracts';
import { optOutTokenFor } from '@waybill/notifications';
import { trackingTokenFor } from '@waybill/service-kit';
import { createDatabase, query } from '../../support/postgres';
import { eventually } from '../../support/eventually';
import { startPlatform, RunningPlatform } from '../../support/platform';
import { getJson } from '../../support/shipments';
import { notificationsOf } from './support/breach-scenario';
import { aShipment, publishOnBus, slaEvent, statusChanged } from './support/events';
import { HttpReceiver, startHttpReceiver } from './support/http-receiver';
import { SmtpInbox, startSmtpInbox } from './support/smtp-inbox';

jest.setTimeout(90_000);

/** Customer messages through a real SMTP server and a real HTTP SMS provider, on the in-process bus. */
describe('customer notifications', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;
  let smtp: SmtpInbox;
  let smsProvider: HttpReceiver;
  const publish = (...events: Parameters<ReturnType<typeof publishOnBus>>[0]) => publishOnBus(platform.bus)(events);

  beforeAll(async () => {
    [database, smtp, smsProvider] = await Promise.all([createDatabase('notif_customer'), startSmtpInbox(), startHttpReceiver()]);
    process.env.SMTP_URL = smtp.url;
    process.env.SMS_PROVIDER_URL = `${smsProvider.url}/messages`;
    process.env.SMS_PROVIDER_TOKEN = 'sms-test-token';
    process.env.NOTIFY_DISPATCH_POLL_MS = '100';
    platform = await startPlatform({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await platform?.close();
    await Promise.all([smtp?.close(), smsProvider?.close()]);
    await database?.drop();
  });

  async function suppressedReasons(shipmentId: string): Promise<string[]> {
    const rows = await query<{ value: Buffer }>(
      database.url,
      `SELECT value FROM notifications.outbox_messages WHERE key = $1 AND headers->>'event-type' = 'notification.suppressed' ORDER BY id, position`,
      [shipmentId],
    );
    return rows.map((row) => JSON.parse(row.value.toString()).payload.reason);
  }

  /** Registers the shipment, reports an exception, and waits for the one email it causes. */
  async function theExceptionEmail(shipment: ReturnType<typeof aShipment>) {
    const email = shipment.created.payload.recipient.email!;
    await publish(shipment.created, statusChanged(shipment, 'exception', 1));
    const [mail] = await eventually(() => {
      const received = smtp.to(email);
      expect(received).toHaveLength(1);
      return received;
    });
    return { email, mail };
  }

  it('writes to a French recipient in French, with the new estimate when a parcel may be late', async () => {
    const shipment = aShipment({ locale: 'fr-FR' });
    const eta = new Date(Date.parse(shipment.promisedBy) + 86_400_000).toISOString();
    await publish(shipment.created);
    await publish(statusChanged(shipment, 'in_transit', 1));
    await publish(newEvent('tracking.eta_updated', shipment.id, { trackingNumber: shipment.trackingNumber, eta, previousEta: null }, { source: 'tracking' }));
    // sla-monitor says "at risk" because of the new ETA, so after it; the two topics are consumed
    // independently, so the test waits, as the real causality would, until the ETA is known.
    await eventually(async () => {
      const [row] = await query<{ eta: Date | null }>(database.url, 'SELECT eta FROM notifications.shipments WHERE shipment_id = $1', [shipment.id]);
      expect(row?.eta?.toISOString()).toBe(eta);
    });
    await publish(slaEvent(shipment, 'sla.at_risk', 'at_risk'));

    const [mail] = await eventually(() => {
      const received = smtp.to(shipment.created.payload.recipient.email!);
      expect(received).toHaveLength(1);
      return received;
    });
    expect(mail.subject).toBe(`Votre colis ${shipment.trackingNumber} risque d’être retardé`);
    expect(mail.text).toContain('Nouvelle estimation');
    expect(mail.html).toContain('Nouvelle estimation');
    // mailparser reads `List-Unsubscribe: <url> (comment)` as { unsubscribe: { id: url } }.
    const list = mail.headers.get('list') as { unsubscribe?: { id?: string } };
    expect(list.unsubscribe?.id).toMatch(/\/api\/v1\/notifications\/opt-out\?address=.+&token=/);
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
  });

  it('stops every message after the one-click opt-out link in an email, and says why', async () => {
    const shipment = aShipment();
    const { email, mail } = await theExceptionEmail(shipment);
    const link = mail.text!.match(/https?:\/\/\S+\/api\/v1\/notifications\/opt-out\?\S+/)![0];
    const optOut = await getJson(`${platform.baseUrl}${new URL(link).pathname}${new URL(link).search}`);
    expect(optOut).toMatchObject({ status: 200, body: { address: email, optedOut: true } });

    await publish(statusChanged(shipment, 'delivered', 2));
    await eventually(async () => {
      const delivered = (await notificationsOf(platform.api, shipment.id)).find((n) => n.kind === 'delivered');
      expect(delivered).toMatchObject({ channel: 'email', status: 'suppressed', reason: 'opted_out' });
    });
    expect(await suppressedReasons(shipment.id)).toEqual(['opted_out']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.to(email)).toHaveLength(1);
  });

  it('links every email to the preference form on the customer tracking page, which opens with the link alone', async () => {
    const shipment = aShipment();
    const { email, mail } = await theExceptionEmail(shipment);
    const link = new URL(mail.text!.match(/Choose which messages you get: (\S+)/)![1]);
    // The customer tracking page (services/web) reads its tracking token, and `address` and
    // `ptoken` for the preference form.
    expect(`${link.origin}${link.pathname}`).toBe(`${platform.settings.publicBaseUrl}/t/${shipment.trackingNumber}`);
    expect(link.searchParams.get('token')).toBe(trackingTokenFor(shipment.trackingNumber, platform.settings.trackingTokenSecret));
    expect(link.searchParams.get('address')).toBe(email);
    expect(mail.html).toContain(`/t/${shipment.trackingNumber}`);
    // What the form then calls with the link's address and ptoken.
    const query = new URLSearchParams({ address: link.searchParams.get('address')!, token: link.searchParams.get('ptoken')! });
    const preferences = await getJson(`${platform.baseUrl}/api/v1/notifications/preferences?${query}`);
    expect(preferences).toMatchObject({ status: 200, body: { optedOut: false, optedOutKinds: [] } });
  });

  it('refuses an opt-out or preferences request whose token does not match the address', async () => {
    const forged = await getJson(`${platform.baseUrl}/api/v1/notifications/opt-out?address=someone@example.com&token=guess`);
    expect(forged.status).toBe(404);
    const missing = await getJson(`${platform.baseUrl}/api/v1/notifications/opt-out?address=someone@example.com`);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'token', reason: expect.any(String) }]);
  });

  it('holds messages back during the recipient quiet hours, but not the apology for a breach', async () => {
    const shipment = aShipment();
    const email = shipment.created.payload.recipient.email!;
    const token = optOutTokenFor(email, platform.settings.trackingTokenSecret);
    const hour = new Date().getUTCHours();
    const pad = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
    const response = await fetch(`${platform.baseUrl}/api/v1/notifications/preferences?address=${encodeURIComponent(email)}&token=${token}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ quietHours: { start: pad(hour - 1), end: pad(hour + 2) }, timeZone: 'UTC' }),
    });
    expect(response.status).toBe(200);

    await publish(shipment.created, statusChanged(shipment, 'delivery_attempt_failed', 1));
    await publish(slaEvent(shipment, 'sla.breached', 'breached', 'late'));
    await eventually(async () => {
      const kinds = (await notificationsOf(platform.api, shipment.id)).filter((n) => n.channel === 'email');
      expect(kinds.map((n) => [n.kind, n.status, n.reason]).sort()).toEqual([
        ['breached', 'sent', null],
        ['delivery_attempt_failed', 'suppressed', 'quiet_hours'],
      ]);
    });
    expect(smtp.to(email).map((m) => m.subject)).toEqual([`We are sorry: your parcel ${shipment.trackingNumber} is late`]);
    expect(await suppressedReasons(shipment.id)).toEqual(['quiet_hours']);
  });

  it('texts the recipient through the SMS provider when a parcel is out for delivery', async () => {
    const shipment = aShipment({ phone: '+33 6 12 34 56 78' });
    await publish(shipment.created, statusChanged(shipment, 'out_for_delivery', 1));
    const sms = await eventually(() => {
      const received = smsProvider.requests.filter((r) => JSON.parse(r.body).to === '+33612345678');
      expect(received).toHaveLength(1);
      return received[0];
    });
    expect(sms.path).toBe('/messages');
    expect(sms.headers.authorization).toBe('Bearer sms-test-token');
    expect(JSON.parse(sms.body)).toMatchObject({
      from: 'Waybill',
      text: expect.stringMatching(
        new RegExp(`^Waybill: parcel ${shipment.trackingNumber} is out for delivery today\\. http://localhost:3000/t/${shipment.trackingNumber}\\?token=\\S+$`),
      ),
    });
    await eventually(() => expect(smtp.to(shipment.created.payload.recipient.email!)).toHaveLength(1));
  });

  it('rejects a history query without a valid shipment id with 400 and the field', async () => {
    const response = await getJson(`${platform.baseUrl}/api/v1/notifications?shipmentId=nope`, platform.api.credentials);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'shipmentId', reason: expect.any(String) }]);
  });
});

describe('customer notifications without SMTP', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;

  beforeAll(async () => {
    database = await createDatabase('notif_no_smtp');
    delete process.env.SMTP_URL;
    delete process.env.SMS_PROVIDER_URL;
    platform = await startPlatform({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await platform?.close();
    await database?.drop();
  });

  it('records the email it could not send and shows it, never dropping it', async () => {
    const shipment = aShipment();
    await publishOnBus(platform.bus)([shipment.created, slaEvent(shipment, 'sla.breached', 'breached', 'late')]);
    const [notification] = await eventually(async () => {
      const notifications = await notificationsOf(platform.api, shipment.id);
      expect(notifications).toHaveLength(1);
      return notifications;
    });
    expect(notification).toMatchObject({
      kind: 'breached',
      channel: 'email',
      target: shipment.created.payload.recipient.email,
      status: 'recorded',
      reason: 'channel_not_configured',
      subject: `We are sorry: your parcel ${shipment.trackingNumber} is late`,
      attempts: 0,
    });
  });
});
