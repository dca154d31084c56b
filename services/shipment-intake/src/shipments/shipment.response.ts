import { trackingTokenFor } from '@waybill/service-kit';
import { ShipmentEntity } from './shipment.entity';

/** The API shape of a shipment; storage columns never leak as they are. */
export function toShipmentResponse(shipment: ShipmentEntity, tokenSecret: string, publicBaseUrl: string) {
  const trackingToken = trackingTokenFor(shipment.trackingNumber, tokenSecret);
  return {
    id: shipment.id,
    trackingNumber: shipment.trackingNumber,
    trackingToken,
    trackingUrl: `${publicBaseUrl}/t/${shipment.trackingNumber}?token=${trackingToken}`,
    merchantReference: shipment.merchantReference,
    serviceLevel: shipment.serviceLevel,
    carrier: shipment.carrier,
    promisedBy: shipment.promisedBy.toISOString(),
    policyVersion: shipment.policyVersion,
    state: shipment.intakeState,
    recipient: shipment.recipient,
    origin: shipment.origin,
    destination: shipment.destination,
    parcels: shipment.parcels,
    createdAt: shipment.createdAt.toISOString(),
  };
}
