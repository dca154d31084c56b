import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, newEvent, ShipmentStatus } from '@waybill/contracts';
import { Outbox } from '@waybill/messaging';
import { Actor } from '../corrections/actor';
import { StatusCorrectionEntity } from '../corrections/status-correction.entity';
import { etaOf, etaUpdatedEvents, isoOf, SHIPMENT_ROW_COLUMNS, ShipmentRow, trackStateOf } from '../shipments/shipment-row';
import { TimelineEntryEntity } from '../shipments/timeline-entry.entity';
import { TrackState } from '../status/shipment-track';
import { isMoving } from '../status/status-machine';
import { cancel, correct } from '../status/status-override';
import { TRACKING_CONFIG, TrackingConfig } from '../tracking.config';
import { TRACKING } from '../tracking.constants';

export interface AppliedCorrection {
  id: string;
  shipmentId: string;
  previousStatus: ShipmentStatus;
  status: ShipmentStatus;
  version: number;
  reason: string;
  correctedBy: string;
  correctedAt: Date;
}

export type CorrectionOutcome =
  | { outcome: 'applied'; correction: AppliedCorrection }
  | { outcome: 'unknown_shipment' }
  | { outcome: 'not_final' | 'same'; current: ShipmentStatus };

/**
 * Statuses set outside the scans, each in the caller's transaction with the shipment row locked
 * (as scans lock it): intake's cancellation and a person's correction of a final status. Both
 * become the shipment's override (see `status/status-override.ts`), a timeline entry and a
 * `tracking.status_changed`; a correction also leaves its audit record.
 */
@Injectable()
export class StatusOverrides {
  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(TRACKING_CONFIG) private readonly config: TrackingConfig,
  ) {}

  async cancel(manager: EntityManager, event: EventEnvelope<'shipment.cancelled'>): Promise<void> {
    const row = await this.lock(manager, event.shipmentId);
    if (!row) return; // never announced to tracking: nothing to cancel
    const result = cancel(trackStateOf(row), { at: Date.parse(event.occurredAt), key: `cancel:${event.id}` });
    if (result.outcome === 'same') return;
    if (result.outcome === 'regression') {
      // Delivered (or returned) before the cancellation got here: a person decides, the status stays.
      await this.outbox.addEvents(manager, [
        newEvent(
          'tracking.regression_detected',
          row.shipment_id,
          {
            trackingNumber: row.tracking_number,
            currentStatus: row.status,
            attemptedStatus: 'cancelled',
            // Not a carrier's scan: the id of intake's `shipment.cancelled` event stands in for it.
            carrierEventId: event.id,
          },
          { source: TRACKING, occurredAt: event.occurredAt, causedBy: event },
        ),
      ]);
      return;
    }
    await this.save(manager, row, result.state);
    await manager.insert(TimelineEntryEntity, {
      shipmentId: row.shipment_id,
      sourceEventId: event.id,
      status: 'cancelled',
      occurredAt: new Date(result.state.statusAt!),
      location: null,
      description: 'Shipment cancelled',
    });
    await this.outbox.addEvents(manager, [
      newEvent(
        'tracking.status_changed',
        row.shipment_id,
        { trackingNumber: row.tracking_number, previousStatus: result.previous, status: 'cancelled', version: result.state.version },
        { source: TRACKING, occurredAt: event.occurredAt, causedBy: event },
      ),
      ...etaUpdatedEvents(row, etaOf(row, result.state), result.state.statusAt!),
    ]);
  }

  async correct(
    manager: EntityManager,
    shipmentId: string,
    request: { status: ShipmentStatus; reason: string },
    actor: Actor,
  ): Promise<CorrectionOutcome> {
    const row = await this.lock(manager, shipmentId);
    if (!row) return { outcome: 'unknown_shipment' };
    const id = randomUUID();
    const correctedAt = new Date();
    const result = correct(trackStateOf(row), request.status, { at: correctedAt.getTime(), key: `correction:${id}` });
    if (result.outcome !== 'applied') return { outcome: result.outcome, current: row.status };

    const { state } = result;
    const event = newEvent(
      'tracking.status_changed',
      row.shipment_id,
      {
        trackingNumber: row.tracking_number,
        previousStatus: result.previous,
        status: state.status,
        version: state.version,
        correction: { id, by: actor.label, reason: request.reason },
      },
      { source: TRACKING, occurredAt: correctedAt.toISOString() },
    );
    const correction: AppliedCorrection = {
      id,
      shipmentId: row.shipment_id,
      previousStatus: result.previous,
      status: state.status,
      version: state.version,
      reason: request.reason,
      correctedBy: actor.label,
      correctedAt,
    };
    // The audit record first: the timeline entry points at it.
    await manager.insert(StatusCorrectionEntity, { ...correction, correctedById: actor.id, eventId: event.id });
    await this.save(manager, row, state);
    await manager.insert(TimelineEntryEntity, {
      shipmentId: row.shipment_id,
      sourceEventId: `correction:${id}`,
      status: state.status,
      // Where the correction sits in scan order, so the timeline reads in the order the status took.
      occurredAt: new Date(state.statusAt!),
      location: null,
      description: 'Status corrected',
      correctionId: id,
    });
    await this.outbox.addEvents(manager, [event, ...etaUpdatedEvents(row, etaOf(row, state), state.statusAt!)]);
    return { outcome: 'applied', correction };
  }

  private async lock(manager: EntityManager, shipmentId: string): Promise<ShipmentRow | null> {
    const rows: ShipmentRow[] = await manager.query(
      `SELECT ${SHIPMENT_ROW_COLUMNS} FROM tracking.shipments WHERE shipment_id = $1 FOR UPDATE`,
      [shipmentId],
    );
    return rows[0] ?? null;
  }

  private async save(manager: EntityManager, row: ShipmentRow, state: TrackState): Promise<void> {
    const eta = etaOf(row, state);
    const staleDueAt = isMoving(state.status) ? state.statusAt! + this.config.TRACKING_STALE_AFTER_MS : null;
    await manager.query(
      `UPDATE tracking.shipments SET status = $2, status_version = $3, status_at = $4,
         latest_scan_at = $5, latest_scan_key = $6, override_at = $7, override_key = $8, override_status = $9,
         eta = $10, stale_due_at = $11, updated_at = now()
       WHERE shipment_id = $1`,
      [
        row.shipment_id,
        state.status,
        state.version,
        isoOf(state.statusAt),
        isoOf(state.latest?.at ?? null),
        state.latest?.key ?? null,
        isoOf(state.override?.at ?? null),
        state.override?.key ?? null,
        state.override?.status ?? null,
        isoOf(eta),
        isoOf(staleDueAt),
      ],
    );
  }
}
