import type { AtRiskReason, ShipmentStatus, SlaState } from '@waybill/contracts';

/** What sla-monitor knows about one shipment: the facts it was told and the SLA state it decided. */
export interface SlaRecord {
  shipmentId: string;
  /** Null while only tracking events have arrived and `shipment.created` has not yet. */
  promisedBy: Date | null;
  createdAt: Date | null;
  state: SlaState;
  /** The at-risk reason in effect (kept through late and breached; cleared on recovery). */
  atRiskReason: AtRiskReason | null;
  status: ShipmentStatus | null;
  /** Version of the last `tracking.status_changed` applied; older ones are ignored. */
  statusVersion: number;
  lastScanAt: Date | null;
  /** Tracking reported no scan since this time (`tracking.stale`); cleared by the next scan. */
  staleSince: Date | null;
  eta: Date | null;
  /** When the last applied ETA was given, so an older ETA never replaces a newer one. */
  etaGivenAt: Date | null;
  firstAttemptAt: Date | null;
  firstAttemptDelivered: boolean | null;
  deliveredAt: Date | null;
  /** Why the clock stopped without an outcome: cancelled, returned_to_sender, expired. */
  stoppedReason: string | null;
  firstAtRiskAt: Date | null;
  lateAt: Date | null;
  breachedAt: Date | null;
  /** When `met` or `delivered_late` was reached. */
  closedAt: Date | null;
  lateBySeconds: number | null;
}

export function emptyRecord(shipmentId: string): SlaRecord {
  return {
    shipmentId,
    promisedBy: null,
    createdAt: null,
    state: 'on_track',
    atRiskReason: null,
    status: null,
    statusVersion: 0,
    lastScanAt: null,
    staleSince: null,
    eta: null,
    etaGivenAt: null,
    firstAttemptAt: null,
    firstAttemptDelivered: null,
    deliveredAt: null,
    stoppedReason: null,
    firstAtRiskAt: null,
    lateAt: null,
    breachedAt: null,
    closedAt: null,
    lateBySeconds: null,
  };
}
