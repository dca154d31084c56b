import { z } from 'zod';
import { Topics, Topic } from './topics';
import {
  ShipmentCancelledPayload,
  ShipmentCreatedPayload,
  ShipmentUpdatedPayload,
} from './events/shipment-events';
import {
  TrackingEtaUpdatedPayload,
  TrackingRegressionDetectedPayload,
  TrackingStalePayload,
  TrackingStatusChangedPayload,
} from './events/tracking-events';
import { SlaTransitionPayload } from './events/sla-events';
import { NotificationOutcomePayload } from './events/notification-events';

interface CatalogEntry {
  topic: Topic;
  version: number;
  payload: z.ZodType;
}

/**
 * The one list of every event Waybill emits: its topic, its schema version and its payload
 * schema. Producers, consumers, tests and the AsyncAPI document all read it from here.
 */
export const EventCatalog = {
  'shipment.created': { topic: Topics.shipments, version: 1, payload: ShipmentCreatedPayload },
  'shipment.updated': { topic: Topics.shipments, version: 1, payload: ShipmentUpdatedPayload },
  'shipment.cancelled': { topic: Topics.shipments, version: 1, payload: ShipmentCancelledPayload },
  'tracking.status_changed': { topic: Topics.tracking, version: 1, payload: TrackingStatusChangedPayload },
  'tracking.eta_updated': { topic: Topics.tracking, version: 1, payload: TrackingEtaUpdatedPayload },
  'tracking.stale': { topic: Topics.tracking, version: 1, payload: TrackingStalePayload },
  'tracking.regression_detected': {
    topic: Topics.tracking,
    version: 1,
    payload: TrackingRegressionDetectedPayload,
  },
  'sla.at_risk': { topic: Topics.sla, version: 1, payload: SlaTransitionPayload },
  'sla.late': { topic: Topics.sla, version: 1, payload: SlaTransitionPayload },
  'sla.breached': { topic: Topics.sla, version: 1, payload: SlaTransitionPayload },
  'sla.met': { topic: Topics.sla, version: 1, payload: SlaTransitionPayload },
  'sla.delivered_late': { topic: Topics.sla, version: 1, payload: SlaTransitionPayload },
  'sla.recovered': { topic: Topics.sla, version: 1, payload: SlaTransitionPayload },
  'notification.sent': { topic: Topics.notifications, version: 1, payload: NotificationOutcomePayload },
  'notification.failed': { topic: Topics.notifications, version: 1, payload: NotificationOutcomePayload },
  'notification.suppressed': {
    topic: Topics.notifications,
    version: 1,
    payload: NotificationOutcomePayload,
  },
} as const satisfies Record<string, CatalogEntry>;

export type EventType = keyof typeof EventCatalog;
export const EVENT_TYPES = Object.keys(EventCatalog) as EventType[];
export type EventPayload<T extends EventType> = z.infer<(typeof EventCatalog)[T]['payload']>;

export function topicOf(type: EventType): Topic {
  return EventCatalog[type].topic;
}

export function eventTypesOn(topic: Topic): EventType[] {
  return EVENT_TYPES.filter((type) => EventCatalog[type].topic === topic);
}
