/**
 * The columns of `sla.summary_rollup` the summary reads. ROLLUP_BINS must match the bin
 * thresholds frozen in migration 1765000000000-summary-rollup (23 coarse duration bins).
 */
export const ROLLUP_BINS = 23;

export const COUNT_COLUMNS = [
  'shipments',
  'met',
  'delivered_late',
  'breached',
  'lateness_sum',
  'lateness_count',
  'delivered',
  'delivered_first_attempt',
  'alerts',
  'alerts_breached',
] as const;
export type CountColumn = (typeof COUNT_COLUMNS)[number];

export const METRICS = ['lateness', 'warning'] as const;
export type Metric = (typeof METRICS)[number];

export const binColumns = (metric: Metric) => Array.from({ length: ROLLUP_BINS }, (_, bin) => `${metric}_b${bin}`);
