/**
 * The body of `GET /api/v1/sla/summary`: one shape for sla-monitor, which computes it, and the
 * ops report page, which draws it.
 */
export interface SlaStats {
  shipments: number;
  met: number;
  deliveredLate: number;
  breached: number;
  /** met / (met + deliveredLate + breached); null before any outcome. */
  onTimeRate: number | null;
  /** Over shipments that missed the promise (delivered late or breached). */
  avgLatenessSeconds: number | null;
  p90LatenessSeconds: number | null;
  /** Delivered on the first attempt / delivered. */
  firstAttemptDeliveryRate: number | null;
  /** Shipments that were ever at risk. */
  atRiskAlerts: number;
  alertsThatBreached: number;
  /** alertsThatBreached / atRiskAlerts. */
  alertPrecision: number | null;
  /** Median time from the first at-risk alert to the broken promise, over warned breaches. */
  medianWarningSeconds: number | null;
}

/** One row of `GET /api/v1/sla/breaches` (and of its CSV export). */
export interface Breach {
  shipmentId: string;
  trackingNumber: string | null;
  serviceLevel: string | null;
  carrier: string | null;
  region: string | null;
  promisedBy: string;
  breachedAt: string;
  lateBySeconds: number | null;
  reason: string | null;
  status: string | null;
  deliveredAt: string | null;
}
