import { eventually } from '../../../support/eventually';
import { ApiTarget } from '../../../support/http';
import { query } from '../../../support/postgres';
import { BoardClient } from './board-client';
import { deleteWebhook, notificationsOf, subscribeWebhook } from './breach-scenario';
import { aShipment, Publish, slaEvent, TestShipment } from './events';
import { HttpReceiver } from './http-receiver';
import { SmtpInbox } from './smtp-inbox';

export interface EarlySlaWorld {
  /** The platform as its staff calls it (RunningPlatform.api). */
  api: ApiTarget;
  databaseUrl: string;
  publish: Publish;
  smtp: SmtpInbox;
  webhooks: HttpReceiver;
}

function shipmentUpdates(board: BoardClient, shipment: TestShipment) {
  return board.items.flatMap((item) =>
    item.type === 'shipment.update' && item.data.shipmentId === shipment.id ? [item.data] : [],
  );
}

/**
 * Issue 6: an SLA event that overtakes its shipment.created (another topic) waits in
 * deferred_events and is applied when the shipment comes. Once it has been, the board row, the
 * board alert, the customer email and the merchant webhook must all say so, exactly once each.
 */
export async function anEarlySlaEventIsToldOnce(
  world: EarlySlaWorld,
  type: 'sla.at_risk' | 'sla.breached',
  /** `first`: the alert is handled before the shipment is published; `together`: one publish, the two topics race. */
  order: 'first' | 'together' = 'first',
): Promise<void> {
  const state = type === 'sla.breached' ? 'breached' : 'at_risk';
  const path = `/early/${state}`;
  const subscription = await subscribeWebhook(world.api, `${world.webhooks.url}${path}`, [type]);
  const board = new BoardClient(world.api);
  expect(await board.connect()).toMatchObject({ ok: true });
  try {
    const shipment = aShipment();
    const alert = type === 'sla.breached' ? slaEvent(shipment, type, 'breached', 'late') : slaEvent(shipment, type, 'at_risk');
    if (order === 'first') {
      await world.publish([alert]);
      // The alert is handled (and waits) before its shipment is known.
      await eventually(async () => {
        const rows = await query(world.databaseUrl, 'SELECT 1 FROM notifications.deferred_events WHERE event_id = $1', [alert.id]);
        expect(rows).toHaveLength(1);
      });
      await world.publish([shipment.created]);
    } else {
      await world.publish([alert, shipment.created]);
    }

    const email = shipment.created.payload.recipient.email!;
    const toEndpoint = () => world.webhooks.requests.filter((r) => r.path === path && JSON.parse(r.body).shipmentId === shipment.id);
    await eventually(() => {
      expect(world.smtp.to(email)).toHaveLength(1);
      expect(toEndpoint()).toHaveLength(1);
      expect(board.alerts(shipment.id)).toHaveLength(1);
      // The board's latest word on this shipment carries the SLA state the early event set.
      expect(shipmentUpdates(board, shipment).at(-1)).toMatchObject({ slaState: state });
    }, 30_000);

    const [row] = await query<{ sla_state: string }>(
      world.databaseUrl,
      'SELECT sla_state FROM notifications.shipment_sla WHERE shipment_id = $1',
      [shipment.id],
    );
    expect(row.sla_state).toBe(state);
    expect(board.alerts(shipment.id)[0].data).toMatchObject({ type, state, trackingNumber: shipment.trackingNumber });
    expect(JSON.parse(toEndpoint()[0].body)).toMatchObject({ type, shipmentId: shipment.id, eventId: alert.id });
    await eventually(async () => {
      const notifications = await notificationsOf(world.api, shipment.id);
      expect(notifications.filter((n) => n.channel !== 'sms').map((n) => [n.channel, n.status, n.duplicates]).sort()).toEqual([
        ['email', 'sent', 0],
        ['webhook', 'sent', 0],
      ]);
    });

    // Nothing more arrives later (a sweep after the replay must not tell it again).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(world.smtp.to(email)).toHaveLength(1);
    expect(toEndpoint()).toHaveLength(1);
    expect(board.alerts(shipment.id)).toHaveLength(1);
    expect(shipmentUpdates(board, shipment).at(-1)).toMatchObject({ slaState: state });
    const waiting = await query(world.databaseUrl, 'SELECT 1 FROM notifications.deferred_events WHERE shipment_id = $1', [shipment.id]);
    expect(waiting).toHaveLength(0);
  } finally {
    board.disconnect();
    await deleteWebhook(world.api, subscription.id);
  }
}
