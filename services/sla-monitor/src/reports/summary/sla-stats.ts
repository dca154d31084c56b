import type { SlaStats } from '@waybill/contracts';
import { CountColumn } from './rollup-columns';

export type Counts = Record<CountColumn, number>;

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const rounded = (value: number | null) => (value === null ? null : Math.round(value));

/** The API's figures from the summed counts and the two exact percentiles (seconds, unrounded). */
export function slaStats(counts: Counts, p90Lateness: number | null, medianWarning: number | null): SlaStats {
  return {
    shipments: counts.shipments,
    met: counts.met,
    deliveredLate: counts.delivered_late,
    breached: counts.breached,
    onTimeRate: ratio(counts.met, counts.met + counts.delivered_late + counts.breached),
    avgLatenessSeconds: counts.lateness_count > 0 ? Math.round(counts.lateness_sum / counts.lateness_count) : null,
    p90LatenessSeconds: rounded(p90Lateness),
    firstAttemptDeliveryRate: ratio(counts.delivered_first_attempt, counts.delivered),
    atRiskAlerts: counts.alerts,
    alertsThatBreached: counts.alerts_breached,
    alertPrecision: ratio(counts.alerts_breached, counts.alerts),
    medianWarningSeconds: rounded(medianWarning),
  };
}
