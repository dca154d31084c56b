import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import {
  encodeEvent,
  EventEnvelope,
  EventPayload,
  newEvent,
  ShipmentStatus,
  SlaState,
  topicOf,
} from '@waybill/contracts';
import { EventBus } from '@waybill/messaging';
import { newTrackingNumber } from '@waybill/service-kit';
import { asMessage } from '../../../support/messaging-harness';

export interface TestShipment {
  id: string;
  trackingNumber: string;
  promisedBy: string;
  created: EventEnvelope<'shipment.created'>;
}

export function aShipment(options: { email?: string; phone?: string; locale?: string; carrier?: string; promisedBy?: string } = {}): TestShipment {
  const id = randomUUID();
  const trackingNumber = newTrackingNumber();
  // In the future, so the real sla-monitor running beside us stays quiet: the test says when it breaches.
  const promisedBy = options.promisedBy ?? new Date(Date.now() + 2 * 86_400_000).toISOString();
  const created = newEvent(
    'shipment.created',
    id,
    {
      trackingNumber,
      serviceLevel: 'express',
      carrier: options.carrier ?? 'dhl',
      promisedBy,
      policyVersion: 'test',
      recipient: {
        name: 'Ada Lovelace',
        email: options.email ?? `ada-${id.slice(0, 8)}@example.com`,
        ...(options.phone ? { phone: options.phone } : {}),
        locale: options.locale ?? 'en',
      },
      origin: { city: 'Lyon', postalCode: '69001', country: 'FR' },
      destination: { city: 'Paris', postalCode: '75001', country: 'FR', timeZone: 'Europe/Paris' },
      parcels: [{ weightGrams: 1200 }],
    },
    { source: 'test' },
  );
  return { id, trackingNumber, promisedBy, created };
}

type SlaType = 'sla.at_risk' | 'sla.late' | 'sla.breached' | 'sla.met' | 'sla.delivered_late' | 'sla.recovered';

export function slaEvent(shipment: TestShipment, type: SlaType, state: SlaState, previousState: SlaState = 'on_track'): EventEnvelope<SlaType> {
  const payload: EventPayload<'sla.breached'> = {
    previousState,
    state,
    promisedBy: shipment.promisedBy,
    ...(type === 'sla.at_risk' ? { reason: 'eta_past_promise' as const } : {}),
    ...(type === 'sla.breached' || type === 'sla.late' ? { lateBySeconds: 3600 } : {}),
  };
  return newEvent(type, shipment.id, payload, { source: 'sla-monitor' });
}

/**
 * The `step`-th status change made by the test. The real tracking service beside us announces
 * the shipment's first status itself (version 1), so the test's versions start above it.
 */
export function statusChanged(shipment: TestShipment, status: ShipmentStatus, step: number): EventEnvelope<'tracking.status_changed'> {
  return newEvent(
    'tracking.status_changed',
    shipment.id,
    { trackingNumber: shipment.trackingNumber, previousStatus: null, status, version: 10 + step },
    { source: 'tracking' },
  );
}

/** The same event again under a new id: what a producer that re-emits would send. */
export function copyWithNewId<E extends EventEnvelope>(event: E): E {
  return { ...event, id: randomUUID() };
}

/** A way onto the bus under test: the in-process bus itself, or a kafkajs producer. */
export type Publish = (events: EventEnvelope[]) => Promise<void>;

export function publishOnBus(bus: EventBus): Publish {
  return (events) => bus.publish(events.map((event) => asMessage(topicOf(event.type), event)));
}

/** `topicName` maps a contract topic to the platform's broker-side topic (see startPlatform). */
export function publishOnKafka(producer: Producer, topicName: (topic: string) => string): Publish {
  return async (events) => {
    for (const event of events) {
      await producer.send({ topic: topicName(topicOf(event.type)), acks: -1, messages: [{ key: event.shipmentId, value: encodeEvent(event) }] });
    }
  };
}
