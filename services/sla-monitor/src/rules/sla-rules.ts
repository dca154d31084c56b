import type { AtRiskReason, ShipmentStatus, SlaState } from '@waybill/contracts';
import { SlaRecord } from './sla-record';

export interface SlaPolicy {
  /** `breached` fires this long after the promise when no delivery attempt was made. */
  breachGraceMs: number;
  /** Not out for delivery this long before the promise: at risk. */
  outForDeliveryLeadMs: number;
  /** No scan for this long: at risk. */
  noScanAfterMs: number;
}

export type SlaEventType =
  | 'sla.at_risk'
  | 'sla.recovered'
  | 'sla.late'
  | 'sla.breached'
  | 'sla.met'
  | 'sla.delivered_late';

export interface SlaTransition {
  type: SlaEventType;
  previousState: SlaState;
  state: SlaState;
  reason?: AtRiskReason;
  lateBySeconds?: number;
  /** When it happened in the world: the promise for `late`, the delivery for `met`, … */
  occurredAt: Date;
}

export interface Decision {
  record: SlaRecord;
  transitions: SlaTransition[];
  /** When the poller must look again; null once nothing can happen without a new event. */
  dueAt: Date | null;
}

const FINAL_STATES: readonly SlaState[] = ['met', 'delivered_late', 'breached'];
const OUT_FOR_DELIVERY_OR_BEYOND: readonly ShipmentStatus[] = [
  'out_for_delivery',
  'available_for_pickup',
  'delivery_attempt_failed',
  'delivered',
];

function seconds(ms: number): number {
  return Math.max(0, Math.floor(ms / 1000));
}

/** The first reason, in order of urgency, why this shipment may miss its promise; null if none. */
export function atRiskReason(record: SlaRecord, now: Date, policy: SlaPolicy): AtRiskReason | null {
  const promisedBy = record.promisedBy!;
  if (record.status === 'exception') return 'exception';
  if (record.status === 'delivery_attempt_failed') return 'delivery_attempt_failed';
  if (record.eta && record.eta > promisedBy) return 'eta_past_promise';
  const outForDelivery = record.status !== null && OUT_FOR_DELIVERY_OR_BEYOND.includes(record.status);
  if (!record.firstAttemptAt && !outForDelivery && now.getTime() >= promisedBy.getTime() - policy.outForDeliveryLeadMs) {
    return 'not_out_for_delivery_by_cutoff';
  }
  if (record.staleSince) return 'no_scan_too_long';
  if (record.lastScanAt && now.getTime() >= record.lastScanAt.getTime() + policy.noScanAfterMs) return 'no_scan_too_long';
  return null;
}

/**
 * Decides the SLA state from the facts and the clock, and the transitions that got it there.
 * The clock stops at the first delivery attempt: on-time is judged on that attempt, so a failed
 * attempt before the promise is neither late nor breached, and a shipment delivered on a later
 * attempt is `met` if its first attempt was on time.
 */
export function decide(current: SlaRecord, now: Date, policy: SlaPolicy): Decision {
  const record = { ...current };
  const transitions: SlaTransition[] = [];
  const move = (type: SlaEventType, state: SlaState, details: Omit<SlaTransition, 'type' | 'previousState' | 'state'>) => {
    transitions.push({ type, previousState: record.state, state, ...details });
    record.state = state;
  };
  if (!record.promisedBy) return { record, transitions, dueAt: null };
  const promised = record.promisedBy.getTime();
  const attempt = record.firstAttemptAt?.getTime() ?? null;

  if (record.state === 'breached') {
    // Final: a later attempt only tells the reports how late it really was.
    if (attempt !== null && !record.closedAt) {
      record.closedAt = record.deliveredAt ?? record.firstAttemptAt;
      record.lateBySeconds = seconds(attempt - promised);
    }
    return { record, transitions, dueAt: null };
  }
  if (FINAL_STATES.includes(record.state)) return { record, transitions, dueAt: null };

  if (record.deliveredAt) {
    const lateMs = (attempt ?? record.deliveredAt.getTime()) - promised;
    record.closedAt = record.deliveredAt;
    if (lateMs <= 0) {
      record.lateBySeconds = 0;
      move('sla.met', 'met', { occurredAt: record.deliveredAt });
    } else {
      record.lateBySeconds = seconds(lateMs);
      move('sla.delivered_late', 'delivered_late', { lateBySeconds: record.lateBySeconds, occurredAt: record.deliveredAt });
    }
    return { record, transitions, dueAt: null };
  }
  if (record.stoppedReason) return { record, transitions, dueAt: null };

  const keptByAttempt = attempt !== null && attempt <= promised;
  const reason = record.atRiskReason ?? undefined;
  if (record.state !== 'late' && !keptByAttempt && now.getTime() >= promised) {
    record.lateAt = record.promisedBy;
    record.lateBySeconds = seconds(now.getTime() - promised);
    move('sla.late', 'late', { reason, lateBySeconds: record.lateBySeconds, occurredAt: record.promisedBy });
  }
  const breachAt = promised + policy.breachGraceMs;
  if (record.state === 'late' && attempt === null && now.getTime() >= breachAt) {
    record.breachedAt = new Date(breachAt);
    record.lateBySeconds = seconds(now.getTime() - promised);
    move('sla.breached', 'breached', { reason, lateBySeconds: record.lateBySeconds, occurredAt: record.breachedAt });
    return { record, transitions, dueAt: null };
  }

  if (record.state === 'on_track' || record.state === 'at_risk') {
    const risk = atRiskReason(record, now, policy);
    if (record.state === 'on_track' && risk) {
      record.atRiskReason = risk;
      record.firstAtRiskAt ??= now;
      move('sla.at_risk', 'at_risk', { reason: risk, occurredAt: now });
    } else if (record.state === 'at_risk' && !risk) {
      const was = record.atRiskReason ?? undefined;
      record.atRiskReason = null;
      move('sla.recovered', 'on_track', { reason: was, occurredAt: now });
    } else if (risk) {
      record.atRiskReason = risk; // still at risk, for another reason: no new alert
    }
  }
  return { record, transitions, dueAt: nextDueAt(record, now, policy) };
}

/** The next moment a rule could fire without any new event. */
export function nextDueAt(record: SlaRecord, now: Date, policy: SlaPolicy): Date | null {
  if (!record.promisedBy || record.stoppedReason || record.deliveredAt || FINAL_STATES.includes(record.state)) {
    return null;
  }
  const promised = record.promisedBy.getTime();
  const candidates: number[] = [];
  if (!record.firstAttemptAt) {
    if (record.state !== 'late') candidates.push(promised);
    candidates.push(promised + policy.breachGraceMs);
  }
  if (record.state === 'on_track' || record.state === 'at_risk') {
    if (!record.firstAttemptAt) candidates.push(promised - policy.outForDeliveryLeadMs);
    if (record.lastScanAt && !record.staleSince) candidates.push(record.lastScanAt.getTime() + policy.noScanAfterMs);
  }
  const future = candidates.filter((t) => t > now.getTime());
  return future.length ? new Date(Math.min(...future)) : null;
}
