import { EntityManager } from 'typeorm';
import type { AtRiskReason, ShipmentStatus, SlaState } from '@waybill/contracts';
import { SlaRecord } from '../rules/sla-record';

interface DeadlineRow {
  shipment_id: string;
  promised_by: Date | null;
  created_at: Date | null;
  state: SlaState;
  at_risk_reason: AtRiskReason | null;
  status: ShipmentStatus | null;
  status_version: number;
  last_scan_at: Date | null;
  stale_since: Date | null;
  eta: Date | null;
  eta_given_at: Date | null;
  first_attempt_at: Date | null;
  first_attempt_delivered: boolean | null;
  delivered_at: Date | null;
  stopped_reason: string | null;
  first_at_risk_at: Date | null;
  late_at: Date | null;
  breached_at: Date | null;
  closed_at: Date | null;
  late_by_seconds: number | null;
}

/** Record field ↔ column, in one place for reading and for the bulk update. */
const COLUMNS: [keyof SlaRecord, keyof DeadlineRow, string][] = [
  ['promisedBy', 'promised_by', 'timestamptz'],
  ['createdAt', 'created_at', 'timestamptz'],
  ['state', 'state', 'text'],
  ['atRiskReason', 'at_risk_reason', 'text'],
  ['status', 'status', 'text'],
  ['statusVersion', 'status_version', 'integer'],
  ['lastScanAt', 'last_scan_at', 'timestamptz'],
  ['staleSince', 'stale_since', 'timestamptz'],
  ['eta', 'eta', 'timestamptz'],
  ['etaGivenAt', 'eta_given_at', 'timestamptz'],
  ['firstAttemptAt', 'first_attempt_at', 'timestamptz'],
  ['firstAttemptDelivered', 'first_attempt_delivered', 'boolean'],
  ['deliveredAt', 'delivered_at', 'timestamptz'],
  ['stoppedReason', 'stopped_reason', 'text'],
  ['firstAtRiskAt', 'first_at_risk_at', 'timestamptz'],
  ['lateAt', 'late_at', 'timestamptz'],
  ['breachedAt', 'breached_at', 'timestamptz'],
  ['closedAt', 'closed_at', 'timestamptz'],
  ['lateBySeconds', 'late_by_seconds', 'integer'],
];

const SELECTED = ['shipment_id', ...COLUMNS.map(([, column]) => column)].join(', ');

function toRecord(row: DeadlineRow): SlaRecord {
  const record = { shipmentId: row.shipment_id } as Record<string, unknown>;
  for (const [field, column] of COLUMNS) record[field] = row[column];
  return record as unknown as SlaRecord;
}

export interface Shipment {
  shipmentId: string;
  trackingNumber: string;
  serviceLevel: string;
  carrier: string;
  region: string;
}

/** SQL for sla.deadlines: row locks for the consumer, due-row claims for the poller, bulk writes. */
export const DeadlineStore = {
  /**
   * Creates the row with the shipment's report fields, or fills them in on a placeholder, and
   * returns it locked for the rest of the transaction (the upsert holds the row lock), as `lock`
   * does: one statement where `lock` needs two.
   */
  async upsertShipment(manager: EntityManager, shipment: Shipment): Promise<SlaRecord> {
    const [row]: DeadlineRow[] = await manager.query(
      `INSERT INTO sla.deadlines (shipment_id, tracking_number, service_level, carrier, region, state)
       VALUES ($1, $2, $3, $4, $5, 'on_track')
       ON CONFLICT (shipment_id) DO UPDATE SET tracking_number = EXCLUDED.tracking_number,
         service_level = EXCLUDED.service_level, carrier = EXCLUDED.carrier, region = EXCLUDED.region
       RETURNING ${SELECTED}`,
      [shipment.shipmentId, shipment.trackingNumber, shipment.serviceLevel, shipment.carrier, shipment.region],
    );
    return toRecord(row);
  },

  /**
   * Locks one shipment's row for the rest of the transaction, creating a placeholder if its
   * `shipment.created` has not arrived yet. The poller skips locked rows, so the two never race.
   */
  async lock(manager: EntityManager, shipmentId: string, trackingNumber?: string): Promise<SlaRecord> {
    await manager.query(
      `INSERT INTO sla.deadlines (shipment_id, tracking_number, state) VALUES ($1, $2, 'on_track')
       ON CONFLICT (shipment_id) DO NOTHING`,
      [shipmentId, trackingNumber ?? null],
    );
    const [row]: DeadlineRow[] = await manager.query(
      `SELECT ${SELECTED} FROM sla.deadlines WHERE shipment_id = $1 FOR UPDATE`,
      [shipmentId],
    );
    return toRecord(row);
  },

  /** Claims up to `limit` due rows that no other transaction holds, earliest first. */
  async claimDue(manager: EntityManager, now: Date, limit: number): Promise<(SlaRecord & { dueAt: Date })[]> {
    const rows: (DeadlineRow & { due_at: Date })[] = await manager.query(
      `SELECT ${SELECTED}, due_at FROM sla.deadlines WHERE due_at <= $1
       ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((row) => ({ ...toRecord(row), dueAt: row.due_at }));
  },

  /** Writes the decided records and their next due times in one statement. */
  async save(manager: EntityManager, decided: { record: SlaRecord; dueAt: Date | null }[]): Promise<void> {
    if (decided.length === 0) return;
    const rows = decided.map(({ record, dueAt }) => {
      const row: Record<string, unknown> = { shipment_id: record.shipmentId, due_at: dueAt };
      for (const [field, column] of COLUMNS) row[column] = record[field];
      return row;
    });
    const definition = ['shipment_id uuid', 'due_at timestamptz', ...COLUMNS.map(([, c, type]) => `${c} ${type}`)];
    const assignments = ['due_at', ...COLUMNS.map(([, column]) => column)].map((c) => `${c} = v.${c}`);
    await manager.query(
      `UPDATE sla.deadlines d SET ${assignments.join(', ')}, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS v(${definition.join(', ')})
       WHERE d.shipment_id = v.shipment_id`,
      [JSON.stringify(rows)],
    );
  },
};
