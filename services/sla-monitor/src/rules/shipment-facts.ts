import type { ShipmentStatus } from '@waybill/contracts';
import { SlaRecord } from './sla-record';

/**
 * How each incoming event changes what sla-monitor knows. Facts only: the SLA state is decided
 * afterwards by `decide`, from the facts and the clock.
 */
const DELIVERY_ATTEMPTS: readonly ShipmentStatus[] = ['delivered', 'delivery_attempt_failed'];
const STOPS_THE_CLOCK: readonly ShipmentStatus[] = ['cancelled', 'returned_to_sender', 'expired'];

function later(a: Date | null, b: Date): Date {
  return a && a > b ? a : b;
}

export function shipmentOpened(
  record: SlaRecord,
  shipment: { promisedBy: Date; createdAt: Date },
): SlaRecord {
  if (record.promisedBy) return record; // a redelivered or repeated shipment.created
  return {
    ...record,
    promisedBy: shipment.promisedBy,
    createdAt: shipment.createdAt,
    // "No scan for too long" counts from the registration until the first scan.
    lastScanAt: record.lastScanAt ?? shipment.createdAt,
  };
}

export function shipmentCancelled(record: SlaRecord): SlaRecord {
  return record.stoppedReason ? record : { ...record, stoppedReason: 'cancelled' };
}

export function statusChanged(
  record: SlaRecord,
  change: { status: ShipmentStatus; version: number; occurredAt: Date },
): SlaRecord {
  if (change.version <= record.statusVersion) return record;
  const next: SlaRecord = {
    ...record,
    status: change.status,
    statusVersion: change.version,
    lastScanAt: later(record.lastScanAt, change.occurredAt),
    staleSince: null,
  };
  if (DELIVERY_ATTEMPTS.includes(change.status) && !record.firstAttemptAt) {
    next.firstAttemptAt = change.occurredAt;
    next.firstAttemptDelivered = change.status === 'delivered';
  }
  if (change.status === 'delivered' && !record.deliveredAt) next.deliveredAt = change.occurredAt;
  if (STOPS_THE_CLOCK.includes(change.status) && !record.stoppedReason) next.stoppedReason = change.status;
  return next;
}

export function etaUpdated(record: SlaRecord, update: { eta: Date; givenAt: Date }): SlaRecord {
  if (record.etaGivenAt && update.givenAt < record.etaGivenAt) return record;
  return { ...record, eta: update.eta, etaGivenAt: update.givenAt };
}

export function wentStale(record: SlaRecord, stale: { lastScanAt: Date }): SlaRecord {
  // A scan newer than the one tracking calls stale has already arrived here.
  if (record.lastScanAt && stale.lastScanAt < record.lastScanAt) return record;
  return { ...record, staleSince: stale.lastScanAt };
}
