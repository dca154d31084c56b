import type { Location, ReasonCode, ShipmentStatus } from '@waybill/contracts';

/** A scan as the status rules see it, after carrier mapping and dedupe. */
export interface PlacedScan {
  /** `<carrier>:<carrierEventId>`: unique per scan, and the tie-break between equal times. */
  key: string;
  carrierEventId: string;
  /** Epoch milliseconds of `occurredAt`. */
  at: number;
  /** `unknown` when the carrier code is not in the mapping: on the timeline, no effect on status. */
  status: ShipmentStatus | 'unknown';
  reasonCode?: ReasonCode;
  substatus?: string;
  location?: Location;
}

export interface ScanPosition {
  at: number;
  key: string;
}

/**
 * The one order of a shipment's scans: by when they happened, then by key. It does not depend
 * on arrival order, which is what makes status and timeline the same for any permutation.
 */
export function compareScans(a: ScanPosition, b: ScanPosition): number {
  if (a.at !== b.at) return a.at - b.at;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
