import type {
  AtRiskReason,
  Breach,
  ReasonCode,
  ServiceLevel,
  ShipmentStatus,
  SlaState,
  SlaStats,
} from '@waybill/contracts';

/**
 * The REST answers the pages read, as the services' controllers shape them. These are API
 * shapes, not event contracts, so most live here; `Breach` and `SlaStats` come from libs/contracts
 * because sla-monitor builds them from the same declarations.
 */

/** `GET /api/v1/shipments` item (shipment-intake): the fields the board shows. */
export interface ShipmentView {
  id: string;
  trackingNumber: string;
  serviceLevel: ServiceLevel;
  carrier: string;
  promisedBy: string;
  status: ShipmentStatus;
  slaState: SlaState;
  destination: { city: string; country: string; postalCode?: string };
  createdAt: string;
  updatedAt: string | null;
}

export interface ShipmentPage {
  items: ShipmentView[];
  nextCursor: string | null;
}

export interface ShipmentListQuery {
  status?: ShipmentStatus;
  slaState?: SlaState;
  serviceLevel?: ServiceLevel;
  carrier?: string;
  limit?: number;
  cursor?: string;
}

export interface TimelineEntry {
  status: ShipmentStatus | 'unknown';
  occurredAt: string;
  location?: { facility?: string; city?: string; country?: string } | null;
  description?: string | null;
  reasonCode?: ReasonCode | null;
}

/** `GET /api/v1/tracking/:trackingNumber?token=…` (tracking): the customer's view. */
export interface TrackingView {
  trackingNumber: string;
  status: ShipmentStatus;
  slaState: SlaState;
  promisedBy: string;
  eta: string | null;
  carrier?: string;
  destination?: { city?: string; country?: string };
  timeline: TimelineEntry[];
}

export interface ReportFilters {
  from?: string;
  to?: string;
  serviceLevel?: ServiceLevel;
  carrier?: string;
  region?: string;
  reason?: AtRiskReason;
}

export interface BreachPage {
  items: Breach[];
  nextCursor: string | null;
}

export type { Breach, SlaStats };

export type SummaryGroup = 'day' | 'serviceLevel' | 'carrier' | 'region';

/** `GET /api/v1/sla/summary`: `groups` only when `groupBy` is given. */
export interface SlaSummary {
  from: string | null;
  to: string | null;
  groupBy: SummaryGroup | null;
  total: SlaStats;
  groups?: ({ key: string | null } & SlaStats)[];
}

/** The customer notification kinds (notifications' rules), each of which can be turned off. */
export type NotificationKind =
  | 'out_for_delivery'
  | 'at_risk'
  | 'breached'
  | 'delivery_attempt_failed'
  | 'delivered'
  | 'exception';

/** `GET|PUT /api/v1/notifications/preferences?address=…&token=…` (notifications). */
export interface NotificationPreferences {
  address?: string;
  optedOut: boolean;
  optedOutKinds: NotificationKind[];
  quietHours?: { start: string; end: string } | null;
  timeZone?: string | null;
}

/** The address and opt-out token that a message's links carry. */
export interface RecipientKey {
  address: string;
  token: string;
}
