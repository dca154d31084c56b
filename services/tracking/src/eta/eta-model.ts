import type { ServiceLevel, ShipmentStatus } from '@waybill/contracts';

const HOUR = 3_600_000;

/**
 * How long after a status is reached the parcel usually arrives, for a `standard` parcel.
 * `null`: no ETA (the customer collects it, it goes back, or it is over).
 */
const REMAINING_HOURS: Record<ShipmentStatus, number | null> = {
  created: null,
  info_received: null,
  picked_up: 48,
  in_transit: 24,
  out_for_delivery: 8,
  delivery_attempt_failed: 24,
  exception: 48,
  available_for_pickup: null,
  returning_to_sender: null,
  delivered: null,
  returned_to_sender: null,
  cancelled: null,
  expired: null,
};

/** Faster services cover the line-haul part faster; the last mile takes what it takes. */
const LINE_HAUL_FACTOR: Record<ServiceLevel, number> = {
  same_day: 0.25,
  next_day: 0.5,
  express: 0.75,
  standard: 1,
  economy: 1.5,
};
const LINE_HAUL: ReadonlySet<ShipmentStatus> = new Set(['picked_up', 'in_transit']);

export interface EtaInput {
  status: ShipmentStatus;
  /** When the current status was reached (epoch ms); null while `created`. */
  statusAt: number | null;
  promisedBy: number;
  serviceLevel: ServiceLevel;
}

/**
 * The ETA model (README "ETA"): before the carrier has the parcel the promise is the best
 * estimate; after that, the time the current status was reached plus the usual remaining time
 * for that status (scaled by service level for line-haul statuses). No ETA once it cannot be
 * estimated or no longer matters.
 */
export function estimateEta(input: EtaInput): number | null {
  if (input.status === 'created' || input.status === 'info_received') return input.promisedBy;
  const hours = REMAINING_HOURS[input.status];
  if (hours === null || input.statusAt === null) return null;
  const factor = LINE_HAUL.has(input.status) ? LINE_HAUL_FACTOR[input.serviceLevel] : 1;
  return input.statusAt + hours * factor * HOUR;
}
