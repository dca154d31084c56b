import { counter } from '@waybill/service-kit';
import { ScanOutcome } from './scan-ingestion.service';

/** Scans received, by where they came from and what became of them. */
const scansTotal = counter('waybill_tracking_scans_total', 'Scans received by tracking', ['source', 'outcome']);

/** Scans whose carrier code no mapping knows: they joined the timeline as `unknown`. */
const unknownCodesTotal = counter(
  'waybill_tracking_unknown_carrier_codes_total',
  'Scans with a carrier code that no carrier mapping knows',
  ['carrier'],
);

export function countScans(source: 'http' | 'feed', outcomes: (ScanOutcome | 'rejected')[], unknownCodes: Map<string, number>) {
  const tally = new Map<string, number>();
  for (const outcome of outcomes) tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
  for (const [outcome, count] of tally) scansTotal.inc({ source, outcome }, count);
  for (const [carrier, count] of unknownCodes) unknownCodesTotal.inc({ carrier }, count);
}
