import { trackingLinkOf } from '@waybill/service-kit';
import { ShipmentEntity } from './shipment.entity';

export interface ResponseSettings {
  trackingTokenSecret: string;
  publicBaseUrl: string;
}

/** The API shape of a shipment; storage columns never leak as they are. */
export function toShipmentResponse(shipment: ShipmentEntity, settings: ResponseSettings) {
  return {
    id: shipment.id,
    trackingNumber: shipment.trackingNumber,
    ...trackingLinkOf(shipment.trackingNumber, settings),
    merchantReference: shipment.merchantReference,
    serviceLevel: shipment.serviceLevel,
    carrier: shipment.carrier,
    promisedBy: shipment.promisedBy.toISOString(),
    policyVersion: shipment.policyVersion,
    promiseCalendar: shipment.promiseCalendar,
    promiseTimeZone: shipment.promiseTimeZone,
    state: shipment.intakeState,
    status: shipment.status,
    slaState: shipment.slaState,
    cancelReason: shipment.cancelReason,
    recipient: shipment.recipient,
    origin: shipment.origin,
    destination: shipment.destination,
    parcels: shipment.parcels,
    createdAt: shipment.createdAt.toISOString(),
    updatedAt: shipment.updatedAt?.toISOString() ?? null,
  };
}
export type ShipmentResponse = ReturnType<typeof toShipmentResponse>;

/** One created row of a batch or CSV import: what a merchant needs to hand on to the customer. */
export function toCreatedRow(shipment: ShipmentEntity, settings: ResponseSettings) {
  return {
    status: 'created' as const,
    id: shipment.id,
    trackingNumber: shipment.trackingNumber,
    trackingToken: trackingLinkOf(shipment.trackingNumber, settings).trackingToken,
    merchantReference: shipment.merchantReference,
    promisedBy: shipment.promisedBy.toISOString(),
  };
}
