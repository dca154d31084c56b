import type {
  BoardCounters,
  BoardItem,
  BoardNotification,
  BoardShipmentUpdate,
  ShipmentStatus,
  SlaAlert,
  SlaState,
} from '@waybill/contracts';
import type { ShipmentView } from '../api/api-types';

/** One line of the board: a shipment that is still on its way, as the live feed sends it. */
export interface BoardRow extends BoardShipmentUpdate {
  /** When this browser last saw the row change (ms), for the highlight. */
  changedAt: number;
}

export interface AlertEntry extends SlaAlert {
  receivedAt: number;
}

export interface BoardView {
  carrier?: string;
  region?: string;
  serviceLevel?: string;
  slaState?: SlaState;
  search?: string;
}

const FINAL_STATUSES: readonly ShipmentStatus[] = ['delivered', 'returned_to_sender', 'cancelled', 'expired'];
const URGENCY: Record<SlaState, number> = { breached: 0, late: 1, at_risk: 2, on_track: 3, delivered_late: 4, met: 5 };
export const MAX_ALERTS = 200;
export const MAX_NOTIFICATIONS = 50;

export function rowFromShipment(shipment: ShipmentView, now: number): BoardRow {
  return {
    shipmentId: shipment.id,
    trackingNumber: shipment.trackingNumber,
    status: shipment.status,
    slaState: shipment.slaState,
    promisedBy: shipment.promisedBy,
    eta: null,
    carrier: shipment.carrier,
    region: shipment.destination.country,
    serviceLevel: shipment.serviceLevel,
    lastEventAt: shipment.updatedAt ?? shipment.createdAt,
    changedAt: now,
  };
}

export function isActive(status: ShipmentStatus): boolean {
  return !FINAL_STATUSES.includes(status);
}

/**
 * The board's state in the browser. Live items mutate it in place (10,000 rows, many updates a
 * second): the page re-reads it at most once per frame, and `version` says whether it changed.
 */
export class BoardState {
  readonly rows = new Map<string, BoardRow>();
  alerts: AlertEntry[] = [];
  notifications: BoardNotification[] = [];
  counters: BoardCounters | null = null;
  version = 0;

  /** Replaces the rows with the current state read over REST (live items received since stay applied on top). */
  load(shipments: readonly ShipmentView[], now: number): void {
    this.rows.clear();
    for (const shipment of shipments) {
      if (isActive(shipment.status)) this.rows.set(shipment.id, rowFromShipment(shipment, now));
    }
    this.version++;
  }

  /** Applies live items in order; answers the alerts among them (for sound and focus). */
  apply(items: readonly BoardItem[], now: number): AlertEntry[] {
    const alerts: AlertEntry[] = [];
    for (const item of items) {
      switch (item.type) {
        case 'shipment.update':
          this.update(item.data, now);
          break;
        case 'sla.alert': {
          const entry = { ...item.data, receivedAt: now };
          alerts.push(entry);
          const row = this.rows.get(item.data.shipmentId);
          if (row && row.slaState !== item.data.state) this.rows.set(row.shipmentId, { ...row, slaState: item.data.state, changedAt: now });
          break;
        }
        case 'board.counters':
          this.counters = item.data;
          break;
        case 'notification.recorded':
          this.notifications = [item.data, ...this.notifications].slice(0, MAX_NOTIFICATIONS);
          break;
      }
    }
    if (alerts.length > 0) this.alerts = [...alerts.reverse(), ...this.alerts].slice(0, MAX_ALERTS);
    if (items.length > 0) this.version++;
    return alerts;
  }

  clearAlerts(): void {
    this.alerts = [];
    this.version++;
  }

  private update(update: BoardShipmentUpdate, now: number): void {
    if (!isActive(update.status)) {
      this.rows.delete(update.shipmentId);
      return;
    }
    const known = this.rows.get(update.shipmentId);
    // Items arrive in order, but a REST snapshot may already hold something newer.
    if (known && known.lastEventAt > update.lastEventAt) return;
    this.rows.set(update.shipmentId, { ...update, changedAt: now });
  }
}

/** The rows a dispatcher sees for a view, most urgent first, then the nearest promise. */
export function visibleRows(rows: Iterable<BoardRow>, view: BoardView): BoardRow[] {
  const search = view.search?.trim().toUpperCase();
  const out: BoardRow[] = [];
  for (const row of rows) {
    if (view.carrier && row.carrier !== view.carrier) continue;
    if (view.region && row.region !== view.region) continue;
    if (view.serviceLevel && row.serviceLevel !== view.serviceLevel) continue;
    if (view.slaState && row.slaState !== view.slaState) continue;
    if (search && !row.trackingNumber.toUpperCase().includes(search)) continue;
    out.push(row);
  }
  return out.sort(
    (a, b) => URGENCY[a.slaState] - URGENCY[b.slaState] || a.promisedBy.localeCompare(b.promisedBy) || a.trackingNumber.localeCompare(b.trackingNumber),
  );
}

export interface Counts {
  active: number;
  outForDelivery: number;
  atRisk: number;
  breachedToday: number | null;
  onTimeRateToday: number | null;
}

/** The server's counters when it sent some; until then, what the loaded rows say. */
export function countsOf(state: Pick<BoardState, 'counters' | 'rows'>): Counts {
  if (state.counters) return state.counters;
  let outForDelivery = 0;
  let atRisk = 0;
  for (const row of state.rows.values()) {
    if (row.status === 'out_for_delivery') outForDelivery++;
    if (row.slaState === 'at_risk') atRisk++;
  }
  return { active: state.rows.size, outForDelivery, atRisk, breachedToday: null, onTimeRateToday: null };
}

/** Distinct values for the filter menus, from what the board holds. */
export function optionsOf(rows: Iterable<BoardRow>): { carriers: string[]; regions: string[] } {
  const carriers = new Set<string>();
  const regions = new Set<string>();
  for (const row of rows) {
    carriers.add(row.carrier);
    regions.add(row.region);
  }
  return { carriers: [...carriers].sort(), regions: [...regions].sort() };
}
