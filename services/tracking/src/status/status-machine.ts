import { isFinalStatus, ShipmentStatus } from '@waybill/contracts';

/**
 * What a scan with status `to` does to a shipment whose status is `from`:
 * - `advance`: the status becomes `to`;
 * - `same`: nothing to change (a repeated in_transit scan, say);
 * - `ignored`: a step back into a pre-carrier status, which a late or confused feed can send;
 * - `regression`: the shipment is in a final status and the scan would take it out; it is
 *   reported (`tracking.regression_detected`) and only an audited correction may change it.
 */
export type TransitionOutcome = 'advance' | 'same' | 'ignored' | 'regression';

/** Statuses before the carrier has the parcel in hand. */
const PRE_CARRIER: ReadonlySet<ShipmentStatus> = new Set(['created', 'info_received']);

export function transition(from: ShipmentStatus, to: ShipmentStatus): TransitionOutcome {
  if (from === to) return 'same';
  if (isFinalStatus(from)) return 'regression';
  // `created` is set only by intake's registration, never by a scan.
  if (to === 'created') return 'ignored';
  if (to === 'info_received' && !PRE_CARRIER.has(from)) return 'ignored';
  // Every other move between active statuses happens in real networks (a failed attempt goes
  // back in transit, an exception resolves into out for delivery), and any active status may end.
  return 'advance';
}

/** Statuses in which a parcel is expected to be scanned again soon; silence means it is stale. */
export function isMoving(status: ShipmentStatus): boolean {
  return !isFinalStatus(status) && !PRE_CARRIER.has(status) && status !== 'available_for_pickup';
}
