import type { EventEnvelope } from './envelope';
import type { ShipmentStatus, SlaState } from './vocabulary';

/** Socket.IO namespaces served by notifications. */
export const SocketNamespaces = { board: '/board', tracking: '/tracking' } as const;

/** Every live message carries a sequence number so a reconnecting client can resume. */
export interface Sequenced<T> {
  seq: number;
  data: T;
}

export interface BoardShipmentUpdate {
  shipmentId: string;
  trackingNumber: string;
  status: ShipmentStatus;
  slaState: SlaState;
  promisedBy: string;
  carrier: string;
  lastScanAt: string | null;
}

export interface BoardCounters {
  active: number;
  outForDelivery: number;
  atRisk: number;
  breachedToday: number;
  onTimeRateToday: number | null;
}

export type SlaAlert = EventEnvelope<'sla.at_risk' | 'sla.late' | 'sla.breached'>;

/** Server → client events, with their payload types. */
export interface ServerToClientEvents {
  'shipment.update': (message: Sequenced<BoardShipmentUpdate>) => void;
  'sla.alert': (message: Sequenced<SlaAlert>) => void;
  'board.counters': (message: Sequenced<BoardCounters>) => void;
  'tracking.update': (message: Sequenced<EventEnvelope<'tracking.status_changed'>>) => void;
}

/** Client → server events. */
export interface ClientToServerEvents {
  /** Join filter rooms (carrier, region, service level) and resume after `lastSeq`. */
  'board.subscribe': (request: { filters?: Record<string, string>; lastSeq?: number }) => void;
  'tracking.subscribe': (request: { trackingNumber: string; token: string; lastSeq?: number }) => void;
}
