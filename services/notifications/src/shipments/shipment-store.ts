import { DataSource, EntityManager } from 'typeorm';
import { EventEnvelope } from '@waybill/contracts';
import { ShipmentState } from './shipment-state';

/** What notifications knows of each shipment, its recipient, and whether events for it still wait. */
const SELECT_MANY = `SELECT s.shipment_id AS "shipmentId", s.tracking_number AS "trackingNumber", s.carrier, s.region,
  s.service_level AS "serviceLevel", l.promised_by AS "promisedBy", s.time_zone AS "timeZone", s.status,
  s.status_version AS "statusVersion", s.reason_code AS "reasonCode", l.sla_state AS "slaState", s.eta,
  s.last_event_at AS "lastEventAt", s.delivered_at AS "deliveredAt",
  COALESCE(l.judged_on_time, s.delivered_on_time) AS "deliveredOnTime", l.breached_at AS "breachedAt",
  EXISTS (SELECT 1 FROM notifications.deferred_events d WHERE d.shipment_id = s.shipment_id) AS "hasDeferred",
  r.name AS "recipientName", r.email AS "recipientEmail", r.phone AS "recipientPhone", r.locale AS "recipientLocale"
  FROM notifications.shipments s JOIN notifications.shipment_sla l USING (shipment_id)
  LEFT JOIN notifications.recipients r USING (shipment_id)
  WHERE s.shipment_id = ANY($1::uuid[])`;

export interface Recipient {
  name: string;
  email: string | null;
  phone: string | null;
  locale: string;
}

export interface StoredShipment {
  state: ShipmentState;
  /** Events for it still wait in deferred_events: later ones must wait behind them. */
  hasDeferred: boolean;
  recipient: Recipient | null;
}

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
  return {
    shipmentId: row.shipmentId,
    trackingNumber: row.trackingNumber,
    carrier: row.carrier,
    region: row.region,
    serviceLevel: row.serviceLevel,
    timeZone: row.timeZone,
    status: row.status,
    statusVersion: row.statusVersion,
    reasonCode: row.reasonCode,
    slaState: row.slaState,
    deliveredOnTime: row.deliveredOnTime,
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

  /** Many shipments in one query, keyed by id; unknown ids are absent. */
  async findMany(manager: EntityManager | DataSource, shipmentIds: string[]): Promise<Map<string, StoredShipment>> {
    const found = new Map<string, StoredShipment>();
    if (shipmentIds.length === 0) return found;
    const rows: (ShipmentRow & { recipientName: string | null; recipientEmail: string | null; recipientPhone: string | null; recipientLocale: string | null })[] =
      await manager.query(SELECT_MANY, [shipmentIds]);
    for (const row of rows) {
      found.set(row.shipmentId, {
        state: fromRow(row),
        hasDeferred: row.hasDeferred,
        recipient:
          row.recipientName === null
            ? null
            : { name: row.recipientName, email: row.recipientEmail, phone: row.recipientPhone, locale: row.recipientLocale! },
      });
    }
    return found;
  },

  /** The tracking columns of many shipments, one statement. */
  async saveTrackingMany(manager: EntityManager, states: ShipmentState[]): Promise<void> {
    if (states.length === 0) return;
    await manager.query(
      `UPDATE notifications.shipments s SET status = v.status, status_version = v.version, reason_code = v.reason,
         eta = v.eta, last_event_at = v.last_event_at, delivered_at = v.delivered_at, delivered_on_time = v.on_time
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::boolean[])
         AS v(id, status, version, reason, eta, last_event_at, delivered_at, on_time)
       WHERE s.shipment_id = v.id`,
      [
        states.map((s) => s.shipmentId),
        states.map((s) => s.status),
        states.map((s) => s.statusVersion),
        states.map((s) => s.reasonCode),
        states.map((s) => s.eta),
        states.map((s) => s.lastEventAt),
        states.map((s) => s.deliveredAt),
        states.map((s) => s.deliveredOnTime),
      ],
    );
  },

  /** The SLA columns of many shipments, one statement; `judgedOnTime` null keeps the stored judgement. */
  async saveSlaMany(manager: EntityManager, rows: { state: ShipmentState; judgedOnTime: boolean | null }[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE notifications.shipment_sla l SET sla_state = v.sla_state, promised_by = v.promised_by,
         breached_at = v.breached_at, judged_on_time = COALESCE(v.judged, l.judged_on_time)
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::boolean[])
         AS v(id, sla_state, promised_by, breached_at, judged)
       WHERE l.shipment_id = v.id`,
      [
        rows.map((r) => r.state.shipmentId),
        rows.map((r) => r.state.slaState),
        rows.map((r) => r.state.promisedBy),
        rows.map((r) => r.state.breachedAt),
        rows.map((r) => r.judgedOnTime),
      ],
    );
  },
};
