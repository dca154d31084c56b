import { randomUUID } from 'node:crypto';
import { EventEnvelope, newEvent } from '@waybill/contracts';
import { newTrackingNumber } from '@waybill/service-kit';
import { computePromise, MadePromise, PromiseRequest } from '../promise/promise-policy';
import { timeZoneFor } from '../promise/country-time-zones';
import type { SlaPolicy } from '../promise/sla-policy';
import type { CreateShipmentRequest } from './create-shipment.request';
import { ShipmentEntity } from './shipment.entity';

export const INTAKE = 'shipment-intake';
export const MERCHANT_POLICY = 'merchant';

export type PromiseMaker = (request: Omit<PromiseRequest, 'orderedAt'>) => MadePromise;

/**
 * Promises for many orders placed at the same moment (one batch, one CSV chunk): each distinct
 * service level and destination is worked out once.
 */
export function promisesAt(policy: SlaPolicy, orderedAt: Date): PromiseMaker {
  const made = new Map<string, MadePromise>();
  return (request) => {
    const key = `${request.serviceLevel}|${request.destination.country}|${request.destination.timeZone ?? ''}`;
    let promise = made.get(key);
    if (!promise) made.set(key, (promise = computePromise(policy, { ...request, orderedAt })));
    return { ...promise, promisedBy: new Date(promise.promisedBy) };
  };
}

/**
 * A new shipment as it will be stored: fresh id and tracking number, the promise (the merchant's
 * or the policy's) and the destination's time zone filled in when it was derived.
 */
export function newShipment(request: CreateShipmentRequest, now: Date, promise: PromiseMaker): ShipmentEntity {
  const destination = { ...request.destination, timeZone: timeZoneFor(request.destination) };
  const made = request.promisedBy
    ? { promisedBy: new Date(request.promisedBy), policyVersion: MERCHANT_POLICY, calendar: null, timeZone: null }
    : promise({ serviceLevel: request.serviceLevel, destination });
  return Object.assign(new ShipmentEntity(), {
    id: randomUUID(),
    trackingNumber: newTrackingNumber(),
    merchantReference: request.merchantReference ?? null,
    serviceLevel: request.serviceLevel,
    carrier: request.carrier,
    promisedBy: made.promisedBy,
    policyVersion: made.policyVersion,
    promiseCalendar: made.calendar,
    promiseTimeZone: made.timeZone,
    recipient: request.recipient,
    origin: request.origin,
    destination,
    parcels: request.parcels,
    intakeState: 'registered' as const,
    cancelReason: null,
    status: 'created' as const,
    statusVersion: 0,
    slaState: 'on_track' as const,
    slaChangedAt: null,
    createdAt: now,
    updatedAt: null,
  });
}

export function createdEvent(shipment: ShipmentEntity): EventEnvelope<'shipment.created'> {
  return newEvent(
    'shipment.created',
    shipment.id,
    {
      trackingNumber: shipment.trackingNumber,
      merchantReference: shipment.merchantReference ?? undefined,
      serviceLevel: shipment.serviceLevel,
      carrier: shipment.carrier,
      promisedBy: shipment.promisedBy.toISOString(),
      policyVersion: shipment.policyVersion,
      promiseCalendar: shipment.promiseCalendar ?? undefined,
      recipient: shipment.recipient,
      origin: shipment.origin,
      destination: shipment.destination,
      parcels: shipment.parcels,
    },
    { source: INTAKE, occurredAt: shipment.createdAt },
  );
}
