import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@waybill/contracts';
import { ShipmentState } from './shipment-state';

const SELECT = `SELECT s.shipment_id AS "shipmentId", s.tracking_number AS "trackingNumber", s.carrier, s.region,
  s.service_level AS "serviceLevel", l.promised_by AS "promisedBy", s.time_zone AS "timeZone", s.status,
  s.status_version AS "statusVersion", s.reason_code AS "reasonCode", l.sla_state AS "slaState", s.eta,
  s.last_event_at AS "lastEventAt", s.delivered_at AS "deliveredAt",
  COALESCE(l.judged_on_time, s.delivered_on_time) AS "deliveredOnTime", l.breached_at AS "breachedAt",
  EXISTS (SELECT 1 FROM notifications.deferred_events d WHERE d.shipment_id = s.shipment_id) AS "hasDeferred"
  FROM notifications.shipments s JOIN notifications.shipment_sla l USING (shipment_id)`;

const toIso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

type ShipmentRow = Omit<ShipmentState, 'promisedBy' | 'eta' | 'lastEventAt' | 'deliveredAt' | 'breachedAt'> & {
  promisedBy: Date;
  eta: Date | null;
  lastEventAt: Date;
  deliveredAt: Date | null;
  breachedAt: Date | null;
  hasDeferred: boolean;
};

function fromRow(row: ShipmentRow): ShipmentState {
  const { hasDeferred: _hasDeferred, ...state } = row;
  return {
    ...state,
    promisedBy: toIso(row.promisedBy)!,
    eta: toIso(row.eta),
    lastEventAt: toIso(row.lastEventAt)!,
    deliveredAt: toIso(row.deliveredAt),
    breachedAt: toIso(row.breachedAt),
  };
}

/**
 * Notifications' own copy of what it needs to know about each shipment. Tracking columns are
 * written only while handling tracking events, SLA columns only while handling SLA events.
 */
export const ShipmentStore = {
  async register(manager: EntityManager, event: EventEnvelope<'shipment.created'>): Promise<boolean> {
    const { payload } = event;
    const rows = await manager.query(
      `INSERT INTO notifications.shipments (shipment_id, tracking_number, carrier, region, service_level,
         time_zone, status, status_version, last_event_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'created', 0, $7, $7)
       ON CONFLICT (shipment_id) DO NOTHING RETURNING shipment_id`,
      [
        event.shipmentId,
        payload.trackingNumber,
        payload.carrier,
        payload.destination.country,
        payload.serviceLevel,
        payload.destination.timeZone ?? null,
        event.occurredAt,
      ],
    );
    if (rows.length === 0) return false;
    await manager.query(
      `INSERT INTO notifications.shipment_sla (shipment_id, promised_by, sla_state) VALUES ($1, $2, 'on_track')`,
      [event.shipmentId, payload.promisedBy],
    );
    return true;
  },

  /** The shipment, and whether events for it still wait for their turn (see NotificationRecorder). */
  async find(manager: EntityManager, shipmentId: string): Promise<{ state: ShipmentState; hasDeferred: boolean } | null> {
    const [row] = await manager.query(`${SELECT} WHERE s.shipment_id = $1`, [shipmentId]);
    return row ? { state: fromRow(row), hasDeferred: row.hasDeferred } : null;
  },

  async saveTracking(manager: EntityManager, state: ShipmentState): Promise<void> {
    await manager.query(
      `UPDATE notifications.shipments SET status = $2, status_version = $3, reason_code = $4, eta = $5,
         last_event_at = $6, delivered_at = $7, delivered_on_time = $8 WHERE shipment_id = $1`,
      [state.shipmentId, state.status, state.statusVersion, state.reasonCode, state.eta, state.lastEventAt, state.deliveredAt, state.deliveredOnTime],
    );
  },

  async saveSla(manager: EntityManager, state: ShipmentState, judgedOnTime: boolean | null): Promise<void> {
    await manager.query(
      `UPDATE notifications.shipment_sla SET sla_state = $2, promised_by = $3, breached_at = $4,
         judged_on_time = COALESCE($5, judged_on_time) WHERE shipment_id = $1`,
      [state.shipmentId, state.slaState, state.promisedBy, state.breachedAt, judgedOnTime],
    );
  },
};
