import { isFinalStatus, ShipmentStatus } from '@waybill/contracts';
import { StatusOverride, TrackState } from './shipment-track';
import { transition } from './status-machine';

/** A status decided outside the scans: when it was decided, and its unique key. */
export interface Decision {
  at: number;
  key: string;
}

export interface Applied {
  outcome: 'applied';
  state: TrackState;
  previous: ShipmentStatus;
}

export type CancelResult =
  | Applied
  /** Nothing to change: the shipment is cancelled already. */
  | { outcome: 'same' }
  /** The shipment reached another final status first: reported, not changed. */
  | { outcome: 'regression' };

export type CorrectResult =
  | Applied
  /** Nothing to change: the shipment already has that status. */
  | { outcome: 'same' }
  /** Not in a final status: scans still move it, so a correction would race them. */
  | { outcome: 'not_final' };

export type OverrideResult = CancelResult | CorrectResult;

/**
 * Sets the status and records it as the override. The override sorts after every scan known
 * now (one millisecond after the latest when that is later than the decision), so a scan that
 * arrives afterwards but happened before is late and cannot undo it.
 */
function apply(state: TrackState, status: ShipmentStatus, decision: Decision): Applied {
  const at = state.latest && state.latest.at >= decision.at ? state.latest.at + 1 : decision.at;
  const override: StatusOverride = { at, key: decision.key, status };
  return {
    outcome: 'applied',
    previous: state.status,
    state: { status, version: state.version + 1, statusAt: at, latest: { at, key: decision.key }, override },
  };
}

/** Intake cancelled the shipment: `cancelled`, by the status machine like any other move. */
export function cancel(state: TrackState, decision: Decision): CancelResult {
  const outcome = transition(state.status, 'cancelled');
  if (outcome === 'same') return { outcome: 'same' };
  // `cancelled` is neither `created` nor `info_received`, so it is never `ignored`.
  if (outcome !== 'advance') return { outcome: 'regression' };
  return apply(state, 'cancelled', decision);
}

/**
 * A person corrects a final status (a wrong delivery scan, a parcel found after all). Only a
 * final status needs this: any other is still moved by the scans, so a correction would race them.
 */
export function correct(state: TrackState, status: ShipmentStatus, decision: Decision): CorrectResult {
  if (!isFinalStatus(state.status)) return { outcome: 'not_final' };
  if (status === state.status) return { outcome: 'same' };
  return apply(state, status, decision);
}
