import { EventEnvelope, ServiceLevel, ShipmentStatus, SlaState } from '@waybill/contracts';
import { TriggerType } from '../rules/notification-rules';

/** What notifications knows of one shipment: enough to word a message and fill the board. */
export interface ShipmentState {
  shipmentId: string;
  trackingNumber: string;
  carrier: string;
  region: string;
  serviceLevel: ServiceLevel;
  promisedBy: string;
  timeZone: string | null;
  status: ShipmentStatus;
  statusVersion: number;
  reasonCode: string | null;
  slaState: SlaState;
  eta: string | null;
  lastEventAt: string;
  deliveredAt: string | null;
  deliveredOnTime: boolean | null;
  breachedAt: string | null;
}

export type TriggerEvent = EventEnvelope<TriggerType>;

export interface Applied {
  state: ShipmentState;
  /** An older status version than the one already known: kept out of notifications. */
  stale: boolean;
}

const iso = (value: string) => new Date(value).toISOString();

/** Folds one tracking or SLA event into the shipment's state. Pure. */
export function applyEvent(state: ShipmentState, event: TriggerEvent): Applied {
  const next: ShipmentState = { ...state };
  switch (event.type) {
    case 'tracking.status_changed': {
      const { payload } = event as EventEnvelope<'tracking.status_changed'>;
      if (payload.version <= state.statusVersion) return { state, stale: true };
      next.status = payload.status;
      next.statusVersion = payload.version;
      next.reasonCode = payload.reasonCode ?? null;
      next.lastEventAt = iso(event.occurredAt);
      if (payload.status === 'delivered') {
        next.deliveredAt = iso(event.occurredAt);
        next.deliveredOnTime =
          state.slaState !== 'breached' && state.slaState !== 'late' && Date.parse(event.occurredAt) <= Date.parse(state.promisedBy);
      }
      return { state: next, stale: false };
    }
    case 'tracking.eta_updated': {
      next.eta = iso((event as EventEnvelope<'tracking.eta_updated'>).payload.eta);
      return { state: next, stale: false };
    }
    default: {
      const { payload } = event as EventEnvelope<'sla.breached'>;
      next.slaState = payload.state;
      next.promisedBy = iso(payload.promisedBy);
      if (event.type === 'sla.breached' && !state.breachedAt) next.breachedAt = iso(event.occurredAt);
      // sla-monitor judges on-time delivery (first attempt); its word overrides our own guess.
      if (event.type === 'sla.met') next.deliveredOnTime = true;
      if (event.type === 'sla.delivered_late') next.deliveredOnTime = false;
      return { state: next, stale: false };
    }
  }
}
