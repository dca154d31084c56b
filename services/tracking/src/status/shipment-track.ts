import { isFinalStatus, ShipmentStatus } from '@waybill/contracts';
import { compareScans, PlacedScan, ScanPosition } from './scan-order';
import { transition } from './status-machine';

/**
 * A status set outside the scans: intake's cancellation or a staff correction. It sits in scan
 * order after every scan known when it was made; scans before it no longer decide the status
 * (they were already ruled on), scans after it are folded from its status.
 */
export interface StatusOverride extends ScanPosition {
  status: ShipmentStatus;
}

/** What tracking keeps per shipment to apply new scans without rereading its timeline. */
export interface TrackState {
  status: ShipmentStatus;
  /** Grows by one per status change; `created` is version 1. */
  version: number;
  /** When the scan that set the current status happened (null while `created`). */
  statusAt: number | null;
  /** The last known-status scan in scan order; anything before it is a late scan. */
  latest: ScanPosition | null;
  /** The last cancellation or correction, when there was one. */
  override?: StatusOverride;
}

export interface StatusChange {
  previous: ShipmentStatus;
  next: ShipmentStatus;
  version: number;
  scan: PlacedScan;
}

export interface Regression {
  current: ShipmentStatus;
  scan: PlacedScan & { status: ShipmentStatus };
}

export interface Reconciled {
  state: TrackState;
  changes: StatusChange[];
  regressions: Regression[];
}

type KnownScan = PlacedScan & { status: ShipmentStatus };

const isKnown = (scan: PlacedScan): scan is KnownScan => scan.status !== 'unknown';

export const INITIAL_TRACK: TrackState = { status: 'created', version: 1, statusAt: null, latest: null };

/** True when the scan sorts before the override: the status it claims was already ruled on. */
const ruledOn = (override: StatusOverride | undefined, scan: ScanPosition) =>
  override !== undefined && compareScans(scan, override) <= 0;

/**
 * The canonical status of a set of scans: the status machine folded over them in scan order,
 * from `created` — or from the last override, over the scans after it. Everything else here is
 * a faster way to reach the same answer.
 */
export function foldStatus(
  scans: readonly PlacedScan[],
  override?: StatusOverride,
): { status: ShipmentStatus; statusAt: number | null } {
  let status: ShipmentStatus = override?.status ?? 'created';
  let statusAt: number | null = override?.at ?? null;
  for (const scan of [...scans].filter(isKnown).sort(compareScans)) {
    if (ruledOn(override, scan)) continue;
    if (transition(status, scan.status) === 'advance') {
      status = scan.status;
      statusAt = scan.at;
    }
  }
  return { status, statusAt };
}

/** True when the scan sorts before the shipment's latest scan: it arrived late. */
export function isLate(state: TrackState, scan: PlacedScan): boolean {
  return isKnown(scan) && state.latest !== null && compareScans(scan, state.latest) < 0;
}

/**
 * Applies fresh (already deduplicated) scans to a shipment.
 *
 * In-order scans step the machine forward, one status change (and version) per step. When a
 * scan arrives late, the status is recomputed from the whole history (`history` must then hold
 * every known scan of the shipment, the fresh ones included or not): a late scan joins the
 * timeline and changes the status only when the full, ordered history says so — which, with
 * this machine, can only move it forward (into a final status or out of a pre-carrier one).
 * After an override, scans from before it join the timeline only; while the override's final
 * status stands, each of them that claims another status is reported as a regression.
 */
export function reconcile(state: TrackState, fresh: readonly PlacedScan[], history?: readonly PlacedScan[]): Reconciled {
  const incoming = fresh.filter(isKnown).sort(compareScans);
  if (incoming.length === 0) return { state, changes: [], regressions: [] };
  const last = incoming[incoming.length - 1];
  const latest = state.latest && compareScans(state.latest, last) > 0 ? state.latest : { at: last.at, key: last.key };

  if (!incoming.some((scan) => isLate(state, scan))) {
    let { status, version, statusAt } = state;
    const changes: StatusChange[] = [];
    const regressions: Regression[] = [];
    for (const scan of incoming) {
      const outcome = transition(status, scan.status);
      if (outcome === 'advance') {
        changes.push({ previous: status, next: scan.status, version: version + 1, scan });
        status = scan.status;
        version += 1;
        statusAt = scan.at;
      } else if (outcome === 'regression') {
        regressions.push({ current: status, scan });
      }
    }
    return { state: { ...state, status, version, statusAt, latest }, changes, regressions };
  }

  if (!history) throw new Error('a late scan needs the shipment history to be reconciled');
  const all = new Map<string, PlacedScan>();
  for (const scan of [...history, ...incoming]) all.set(scan.key, scan);
  const ordered = [...all.values()].filter(isKnown).sort(compareScans);
  const freshKeys = new Set(incoming.map((scan) => scan.key));
  const { override } = state;
  let status: ShipmentStatus = override?.status ?? 'created';
  let statusAt: number | null = override?.at ?? null;
  let setBy: KnownScan | null = null;
  const regressions: Regression[] = [];
  for (const scan of ordered) {
    if (ruledOn(override, scan)) {
      // A final override is never left by scans, so it is still the current status here.
      if (freshKeys.has(scan.key) && isFinalStatus(override!.status) && scan.status !== override!.status) {
        regressions.push({ current: override!.status, scan });
      }
      continue;
    }
    const outcome = transition(status, scan.status);
    if (outcome === 'advance') {
      status = scan.status;
      statusAt = scan.at;
      setBy = scan;
    } else if (outcome === 'regression' && freshKeys.has(scan.key)) {
      regressions.push({ current: status, scan });
    }
  }
  if (status === state.status || !setBy) {
    // Same status, but a late scan may have set it earlier than we knew.
    return { state: { ...state, statusAt, latest }, changes: [], regressions };
  }
  const version = state.version + 1;
  return {
    state: { ...state, status, version, statusAt, latest },
    changes: [{ previous: state.status, next: status, version, scan: setBy }],
    regressions,
  };
}
