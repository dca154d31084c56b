import type { AtRiskReason, ReasonCode, ServiceLevel, ShipmentStatus, SlaState } from './vocabulary';

/**
 * The live push contract of notifications' Socket.IO gateways: namespaces, what the server
 * sends and what clients may ask. Server, board page, tracking page and tests all type their
 * sockets with these maps.
 */
export const SocketNamespaces = { board: '/board', tracking: '/tracking' } as const;

/** A `/board` client narrows its feed by any of these; none given means everything. */
export const BOARD_FILTER_KEYS = ['carrier', 'region', 'serviceLevel'] as const;
export type BoardFilterKey = (typeof BOARD_FILTER_KEYS)[number];
export type BoardFilters = Partial<Record<BoardFilterKey, string>>;

export interface BoardShipmentUpdate {
  shipmentId: string;
  trackingNumber: string;
  status: ShipmentStatus;
  slaState: SlaState;
  promisedBy: string;
  eta: string | null;
  carrier: string;
  /** The destination country, as sla-monitor's reports group it. */
  region: string;
  serviceLevel: ServiceLevel;
  lastEventAt: string;
}

export type SlaAlertType = 'sla.at_risk' | 'sla.late' | 'sla.breached';

export interface SlaAlert {
  eventId: string;
  type: SlaAlertType;
  shipmentId: string;
  trackingNumber: string;
  carrier: string;
  region: string;
  serviceLevel: ServiceLevel;
  previousState: SlaState;
  state: SlaState;
  reason?: AtRiskReason;
  promisedBy: string;
  lateBySeconds?: number;
  occurredAt: string;
}

/**
 * Counts for the filters of the room they are sent to; "today" is the UTC day. Sent to a client
 * as it subscribes and to each room when they change; a replay never includes old counters.
 */
export interface BoardCounters {
  filters: BoardFilters;
  active: number;
  outForDelivery: number;
  atRisk: number;
  breachedToday: number;
  /** Delivered on time today / delivered today; null before the first delivery of the day. */
  onTimeRateToday: number | null;
  asOf: string;
}

/** A customer notification as the board shows it: recorded, sent, failed or suppressed. */
export interface BoardNotification {
  notificationId: string;
  shipmentId: string;
  trackingNumber: string;
  kind: string;
  channel: 'email' | 'webhook' | 'sms';
  status: 'pending' | 'sent' | 'failed' | 'suppressed' | 'recorded';
  reason: string | null;
  at: string;
}

/**
 * Every live message carries a sequence number, increasing per namespace (`/board`) or per
 * parcel (`/tracking`). A filtered board client sees only its share, so numbers may skip;
 * what matters is that a reconnecting client sends the last one it saw and gets all later ones.
 */
export type BoardItem =
  | { seq: number; type: 'shipment.update'; data: BoardShipmentUpdate }
  | { seq: number; type: 'sla.alert'; data: SlaAlert }
  | { seq: number; type: 'board.counters'; data: BoardCounters }
  | { seq: number; type: 'notification.recorded'; data: BoardNotification };
export type BoardItemType = BoardItem['type'];

/** The customer's view of one parcel: no personal data, nothing about other parcels. */
export interface TrackingUpdate {
  trackingNumber: string;
  status: ShipmentStatus;
  reasonCode?: ReasonCode;
  eta: string | null;
  promisedBy: string;
  /** What the customer is told about timing: `possible` while at risk, `late` once late. */
  delay: 'none' | 'possible' | 'late';
  occurredAt: string;
}

export interface TrackingItem {
  seq: number;
  type: 'tracking.update';
  data: TrackingUpdate;
}

/**
 * The answer to a subscribe. `epoch` names the server's feed; sequence numbers only compare
 * within one epoch. `complete: false` means the feed no longer holds everything after the
 * given `lastSeq` (or the epoch changed): reload the current state over REST, then go on live.
 */
export type SubscribeAck =
  | { ok: true; epoch: string; seq: number; replayed: number; complete: boolean }
  | { ok: false; error: string };

export interface BoardSubscribeRequest {
  filters?: BoardFilters;
  lastSeq?: number;
  epoch?: string;
}

/** The answer to `auth.renew` on a staff socket. */
export type AuthRenewAnswer = { ok: true; expiresAt: string } | { ok: false; error: string };

export interface TrackingSubscribeRequest {
  trackingNumber: string;
  token: string;
  lastSeq?: number;
  epoch?: string;
}

/** Server → client events, with their payload types. Items arrive in `seq` order. */
export interface ServerToClientEvents {
  /** Coalesced board messages (one emit per flush tick per room), and replays on resume. */
  'board.batch': (items: BoardItem[]) => void;
  'tracking.batch': (items: TrackingItem[]) => void;
  /** Staff sockets: the token the socket runs on has ended; it is dropped next (reconnect with a fresh one). */
  'auth.expired': () => void;
}

/** Client → server events; each answers through the Socket.IO acknowledgement. */
export interface ClientToServerEvents {
  /** Joins the room for `filters` (replacing any earlier one) and resumes after `lastSeq`. */
  'board.subscribe': (request: BoardSubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
  /** Joins one parcel's feed; the token is the one in the customer's tracking link. */
  'tracking.subscribe': (request: TrackingSubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
  /**
   * Staff sockets: the page renewed its sign-in and hands the socket the new token, so the socket
   * is not dropped when the token it opened with ends. Same staff member only.
   */
  'auth.renew': (request: { token: string }, ack: (answer: AuthRenewAnswer) => void) => void;
}
