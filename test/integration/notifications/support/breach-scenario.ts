import { verifyWebhookSignature } from '@waybill/notifications';
import { eventually } from '../../../support/eventually';
import { ApiTarget, call } from '../../../support/http';
import { BoardClient } from './board-client';
import { aShipment, copyWithNewId, Publish, slaEvent, TestShipment } from './events';
import { HttpReceiver } from './http-receiver';
import { SmtpInbox } from './smtp-inbox';

export interface BreachWorld {
  /** The platform as its staff calls it (RunningPlatform.api). */
  api: ApiTarget;
  publish: Publish;
  smtp: SmtpInbox;
  webhooks: HttpReceiver;
}

export async function notificationsOf(api: ApiTarget, shipmentId: string): Promise<any[]> {
  const response = await call(api, 'GET', `/notifications?shipmentId=${shipmentId}`);
  expect(response.status).toBe(200);
  return response.body.notifications;
}

export async function subscribeWebhook(api: ApiTarget, url: string, eventTypes: string[]) {
  const created = await call(api, 'POST', '/webhooks/subscriptions', { body: { url, eventTypes } });
  expect(created.status).toBe(201);
  return created.body as { id: string; secret: string };
}

/** Deletes a subscription: cleanup, so it asserts nothing. */
export async function deleteWebhook(api: ApiTarget, id: string): Promise<void> {
  await call(api, 'DELETE', `/webhooks/subscriptions/${id}`);
}

function deliveriesFor(webhooks: HttpReceiver, shipment: TestShipment) {
  return webhooks.requests.filter((r) => JSON.parse(r.body).shipmentId === shipment.id);
}

/**
 * The "done when": a breach produces exactly one email, one signed webhook delivery and
 * one board alert, and duplicates (the same event redelivered, the same breach re-emitted under a
 * new id) change none of those counts.
 */
export async function oneBreachIsToldOnce(world: BreachWorld): Promise<TestShipment> {
  const subscription = await subscribeWebhook(world.api, `${world.webhooks.url}/hooks/waybill`, ['sla.breached']);
  const board = new BoardClient(world.api);
  expect(await board.connect()).toMatchObject({ ok: true });
  try {
    const shipment = aShipment();
    const breached = slaEvent(shipment, 'sla.breached', 'breached', 'late');
    await world.publish([shipment.created]);
    await world.publish([breached]);
    await world.publish([breached, copyWithNewId(breached)]);

    const email = await eventually(() => {
      const received = world.smtp.to(shipment.created.payload.recipient.email!);
      expect(received).toHaveLength(1);
      return received[0];
    }, 30_000);
    expect(email.subject).toBe(`We are sorry: your parcel ${shipment.trackingNumber} is late`);
    expect(email.text).toContain('We apologise');

    const delivery = await eventually(() => {
      const received = deliveriesFor(world.webhooks, shipment);
      expect(received).toHaveLength(1);
      return received[0];
    });
    expect(delivery.path).toBe('/hooks/waybill');
    expect(verifyWebhookSignature(delivery.body, delivery.headers['waybill-signature'] as string, subscription.secret)).toBe(true);
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'sla.breached', shipmentId: shipment.id, trackingNumber: shipment.trackingNumber });

    await eventually(() => expect(board.alerts(shipment.id)).toHaveLength(1));
    expect(board.alerts(shipment.id)[0].data).toMatchObject({ type: 'sla.breached', state: 'breached', trackingNumber: shipment.trackingNumber });

    // The re-emitted copy was seen and counted as a duplicate, not sent.
    await eventually(async () => {
      const notifications = await notificationsOf(world.api, shipment.id);
      expect(notifications.map((n) => [n.channel, n.status, n.duplicates]).sort()).toEqual([
        ['email', 'sent', 1],
        ['webhook', 'sent', 1],
      ]);
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(world.smtp.to(shipment.created.payload.recipient.email!)).toHaveLength(1);
    expect(deliveriesFor(world.webhooks, shipment)).toHaveLength(1);
    expect(board.alerts(shipment.id)).toHaveLength(1);
    return shipment;
  } finally {
    board.disconnect();
    await deleteWebhook(world.api, subscription.id);
  }
}
