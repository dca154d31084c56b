import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AnyEvent,
  Location,
  newEvent,
  ReasonCode,
  Scan,
  ShipmentStatus,
} from '@waybill/contracts';
import { ConcurrentWriteError, isUniqueViolation, Outbox } from '@waybill/messaging';
import { carrierCodes } from '../carriers/carrier-codes';
import { PlacedScan } from '../status/scan-order';
import { isLate, reconcile, TrackState } from '../status/shipment-track';
import { isMoving } from '../status/status-machine';
import { TRACKING_CONFIG, TrackingConfig } from '../tracking.config';
import { TRACKING } from '../tracking.constants';
import { etaOf, etaUpdatedEvents, SHIPMENT_ROW_COLUMNS, ShipmentRow, trackStateOf } from '../shipments/shipment-row';
import { placeScan, TimelineScan } from './scan-mapping';

/** What happened to each scan of a batch, in the order given. */
export type ScanOutcome = 'applied' | 'duplicate' | 'parked';

export interface IngestResult {
  outcomes: ScanOutcome[];
  /** Fresh scans whose carrier code nobody maps, per carrier (for `/metrics`, after commit). */
  unknownCodes: Map<string, number>;
}

interface HistoryRow {
  shipment_id: string;
  key: string;
  carrier_event_id: string;
  status: ShipmentStatus;
  occurred_at: Date;
  reason_code: ReasonCode | null;
  substatus: string | null;
  location: Location | null;
}

/**
 * Applies a batch of validated scans inside the caller's transaction, with a fixed number of
 * statements whatever the batch size: lock the shipments, park scans for unknown tracking
 * numbers, insert the timeline (duplicates dropped by the dedupe key), reconcile each shipment's
 * status with the pure rules, update the shipments and write every event to the outbox.
 */
@Injectable()
export class ScanIngestionService {
  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(TRACKING_CONFIG) private readonly config: TrackingConfig,
  ) {}

  async ingest(manager: EntityManager, scans: Scan[]): Promise<IngestResult> {
    const outcomes: ScanOutcome[] = new Array(scans.length).fill('duplicate');
    const unknownCodes = new Map<string, number>();
    if (scans.length === 0) return { outcomes, unknownCodes };

    const shipments = await this.lockShipments(manager, [...new Set(scans.map((s) => s.trackingNumber))]);
    const unannounced = scans.map((_, i) => i).filter((i) => !shipments.has(scans[i].trackingNumber));
    await this.park(manager, scans, unannounced, outcomes);

    // Place every scan of a known shipment; the first of equal keys in this batch stands for all.
    const placed = new Map<string, { scan: TimelineScan; shipment: ShipmentRow; index: number }>();
    scans.forEach((scan, index) => {
      const shipment = shipments.get(scan.trackingNumber);
      if (!shipment) return;
      const timelineScan = placeScan(scan, shipment.carrier, carrierCodes);
      if (!placed.has(timelineScan.key)) placed.set(timelineScan.key, { scan: timelineScan, shipment, index });
    });
    if (placed.size === 0) return { outcomes, unknownCodes };

    const inserted = await this.insertTimeline(manager, [...placed.values()]);
    const freshByShipment = new Map<string, TimelineScan[]>();
    for (const key of inserted) {
      const { scan, shipment, index } = placed.get(key)!;
      outcomes[index] = 'applied';
      if (scan.status === 'unknown') unknownCodes.set(scan.carrier, (unknownCodes.get(scan.carrier) ?? 0) + 1);
      const list = freshByShipment.get(shipment.shipment_id) ?? [];
      list.push(scan);
      freshByShipment.set(shipment.shipment_id, list);
    }
    if (freshByShipment.size > 0) await this.reconcileShipments(manager, shipments, freshByShipment);
    return { outcomes, unknownCodes };
  }

  /**
   * Applies the scans parked for a tracking number intake has just announced, in the same
   * transaction that registers the shipment. The advisory lock pairs with the one `ingest`
   * takes before parking, so a scan is never parked after its shipment was registered.
   */
  async applyParked(manager: EntityManager, trackingNumber: string): Promise<IngestResult> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [trackingNumber]);
    const rows: { scan: Scan }[] = await manager.query(
      `WITH applied AS (DELETE FROM tracking.parked_scans WHERE tracking_number = $1 RETURNING scan, parked_at)
       SELECT scan FROM applied ORDER BY parked_at`,
      [trackingNumber],
    );
    return this.ingest(
      manager,
      rows.map((row) => row.scan),
    );
  }

  private async lockShipments(manager: EntityManager, trackingNumbers: string[]): Promise<Map<string, ShipmentRow>> {
    const select = (numbers: string[]): Promise<ShipmentRow[]> =>
      manager.query(
        `SELECT ${SHIPMENT_ROW_COLUMNS}
         FROM tracking.shipments WHERE tracking_number = ANY($1::text[])
         ORDER BY shipment_id FOR UPDATE`,
        [numbers],
      );
    const found = new Map((await select(trackingNumbers)).map((row) => [row.tracking_number, row]));
    const missing = trackingNumbers.filter((tn) => !found.has(tn)).sort();
    if (missing.length > 0) {
      // Registration of one of these may be committing right now: wait for it, then look again.
      await manager.query(
        `SELECT pg_advisory_xact_lock(hashtext(tn)) FROM (SELECT unnest($1::text[]) AS tn ORDER BY 1) AS numbers`,
        [missing],
      );
      for (const row of await select(missing)) found.set(row.tracking_number, row);
    }
    return found;
  }

  private async park(manager: EntityManager, scans: Scan[], indexes: number[], outcomes: ScanOutcome[]) {
    if (indexes.length === 0) return;
    const keyOf = (scan: Scan) => `${scan.trackingNumber}:${scan.carrier?.toLowerCase() ?? ''}:${scan.carrierEventId}`;
    const rows: { park_key: string }[] = await manager.query(
      `INSERT INTO tracking.parked_scans (park_key, tracking_number, scan)
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])
       ON CONFLICT DO NOTHING RETURNING park_key`,
      [
        indexes.map((i) => keyOf(scans[i])),
        indexes.map((i) => scans[i].trackingNumber),
        indexes.map((i) => JSON.stringify(scans[i])),
      ],
    );
    const parked = new Set(rows.map((row) => row.park_key));
    for (const i of indexes) if (parked.delete(keyOf(scans[i]))) outcomes[i] = 'parked';
  }

  /** Inserts the timeline entries; returns the keys that were new. */
  private async insertTimeline(
    manager: EntityManager,
    entries: { scan: TimelineScan; shipment: ShipmentRow }[],
  ): Promise<string[]> {
    // The whole chunk as one JSON parameter: serialised natively by V8 and parsed once by
    // Postgres, where one array per column cost the driver an escaped string per cell.
    // Timestamps travel as epoch milliseconds (formatting ISO strings was a hot spot), read as
    // float8: `to_timestamp` takes a float8 anyway, and dividing one costs a third of dividing a
    // numeric, with the same result (both are the double nearest to ms / 1000).
    //
    // Known keys are skipped with NOT EXISTS rather than ON CONFLICT DO NOTHING: a speculative
    // insertion costs an extra index search and WAL record per row (~4 µs of ~26). The only race
    // NOT EXISTS cannot see is another transaction inserting the same key for another shipment
    // (scans of one shipment wait for its row lock): the primary key refuses ours, and the retry
    // that ConcurrentWriteError asks for sees the committed entry as a duplicate.
    const json = JSON.stringify(
      entries.map(({ scan, shipment }) => ({
        shipment_id: shipment.shipment_id,
        key: scan.key,
        status: scan.status,
        at: scan.at,
        location: scan.location ?? null,
        description: scan.description,
        carrier: scan.carrier,
        carrier_event_id: scan.carrierEventId,
        carrier_code: scan.carrierCode,
        reason_code: scan.reasonCode ?? null,
        substatus: scan.substatus ?? null,
      })),
    );
    try {
      const rows: { source_event_id: string }[] = await manager.query(
        `INSERT INTO tracking.timeline_entries (shipment_id, source_event_id, status, occurred_at, location,
           description, carrier, carrier_event_id, carrier_code, reason_code, substatus)
         SELECT e.shipment_id, e.key, e.status, to_timestamp(e.at / 1000), e.location, e.description,
           e.carrier, e.carrier_event_id, e.carrier_code, e.reason_code, e.substatus
         FROM json_to_recordset($1::json) AS e(shipment_id uuid, key text, status text, at float8, location jsonb,
           description text, carrier text, carrier_event_id text, carrier_code text, reason_code text, substatus text)
         WHERE NOT EXISTS (SELECT 1 FROM tracking.timeline_entries AS known WHERE known.source_event_id = e.key)
         RETURNING source_event_id`,
        [json],
      );
      return rows.map((row) => row.source_event_id);
    } catch (error) {
      if (isUniqueViolation(error, 'timeline_entries_pkey')) {
        throw new ConcurrentWriteError(`a concurrent transaction stored one of these scans first: ${(error as Error).message}`);
      }
      throw error;
    }
  }

  private async reconcileShipments(
    manager: EntityManager,
    shipments: Map<string, ShipmentRow>,
    freshByShipment: Map<string, TimelineScan[]>,
  ): Promise<void> {
    const byId = new Map([...shipments.values()].map((row) => [row.shipment_id, row]));
    // Each shipment's state is read from its row once, for the late check and for reconciling.
    const states = new Map([...freshByShipment.keys()].map((id) => [id, trackStateOf(byId.get(id)!)]));
    const late = [...freshByShipment].filter(([id, fresh]) => fresh.some((s) => isLate(states.get(id)!, s)));
    const histories = await this.loadHistories(
      manager,
      late.map(([id]) => id),
    );

    const events: AnyEvent[] = [];
    const updates: { row: ShipmentRow; state: TrackState; lastScanAt: number; eta: number | null }[] = [];
    for (const [shipmentId, fresh] of freshByShipment) {
      const row = byId.get(shipmentId)!;
      const { state, changes, regressions } = reconcile(states.get(shipmentId)!, fresh, histories.get(shipmentId));
      const lastScanAt = Math.max(row.last_scan_at ?? 0, ...fresh.map((s) => s.at));
      const eta = etaOf(row, state);
      updates.push({ row, state, lastScanAt, eta });
      const options = (at: number) => ({ source: TRACKING, occurredAt: new Date(at) });
      for (const change of changes) {
        events.push(
          newEvent(
            'tracking.status_changed',
            shipmentId,
            {
              trackingNumber: row.tracking_number,
              previousStatus: change.previous,
              status: change.next,
              version: change.version,
              reasonCode: change.scan.reasonCode,
              substatus: change.scan.substatus,
              location: change.scan.location,
            },
            options(change.scan.at),
          ),
        );
      }
      for (const regression of regressions) {
        events.push(
          newEvent(
            'tracking.regression_detected',
            shipmentId,
            {
              trackingNumber: row.tracking_number,
              currentStatus: regression.current,
              attemptedStatus: regression.scan.status,
              carrierEventId: regression.scan.carrierEventId,
            },
            options(regression.scan.at),
          ),
        );
      }
      events.push(...etaUpdatedEvents(row, eta, state.statusAt ?? lastScanAt));
    }
    await this.updateShipments(manager, updates);
    await this.outbox.addEvents(manager, events);
  }

  /** Every known-status scan of the given shipments, for reconciling late scans. */
  private async loadHistories(manager: EntityManager, shipmentIds: string[]): Promise<Map<string, PlacedScan[]>> {
    const histories = new Map<string, PlacedScan[]>();
    if (shipmentIds.length === 0) return histories;
    const rows: HistoryRow[] = await manager.query(
      `SELECT shipment_id, source_event_id AS key, carrier_event_id, status, occurred_at, reason_code, substatus, location
       FROM tracking.timeline_entries
       WHERE shipment_id = ANY($1::uuid[]) AND carrier_event_id IS NOT NULL AND status <> 'unknown'`,
      [shipmentIds],
    );
    for (const row of rows) {
      const list = histories.get(row.shipment_id) ?? [];
      list.push({
        key: row.key,
        carrierEventId: row.carrier_event_id,
        at: row.occurred_at.getTime(),
        status: row.status,
        reasonCode: row.reason_code ?? undefined,
        substatus: row.substatus ?? undefined,
        location: row.location ?? undefined,
      });
      histories.set(row.shipment_id, list);
    }
    return histories;
  }

  private async updateShipments(
    manager: EntityManager,
    updates: { row: ShipmentRow; state: TrackState; lastScanAt: number; eta: number | null }[],
  ): Promise<void> {
    const staleAfter = this.config.TRACKING_STALE_AFTER_MS;
    // One JSON parameter with epoch milliseconds as float8, as for the timeline insert.
    // `stale_due_at` only ever moves earlier here (`least`; NULL once the shipment stops moving):
    // it is indexed, and a row whose indexed columns keep their values is updated in place (a HOT
    // update, no new index entries), about half the cost. A later scan therefore leaves an early
    // due time, which the stale poller checks against `last_scan_at` and moves on when it comes.
    await manager.query(
      `UPDATE tracking.shipments AS s SET
         status = v.status, status_version = v.version, status_at = to_timestamp(v.status_at / 1000),
         latest_scan_at = to_timestamp(v.latest_at / 1000), latest_scan_key = v.latest_key,
         last_scan_at = to_timestamp(v.last_scan_at / 1000), eta = to_timestamp(v.eta / 1000),
         stale_due_at = CASE WHEN v.stale_due_at IS NULL THEN NULL
           ELSE least(s.stale_due_at, to_timestamp(v.stale_due_at / 1000)) END,
         updated_at = now()
       FROM json_to_recordset($1::json)
         AS v(id uuid, status text, version int, status_at float8, latest_at float8, latest_key text,
           last_scan_at float8, eta float8, stale_due_at float8)
       WHERE s.shipment_id = v.id`,
      [
        JSON.stringify(
          updates.map((u) => ({
            id: u.row.shipment_id,
            status: u.state.status,
            version: u.state.version,
            status_at: u.state.statusAt,
            latest_at: u.state.latest?.at ?? null,
            latest_key: u.state.latest?.key ?? null,
            last_scan_at: u.lastScanAt,
            eta: u.eta,
            stale_due_at: isMoving(u.state.status) ? u.lastScanAt + staleAfter : null,
          })),
        ),
      ],
    );
  }
}
