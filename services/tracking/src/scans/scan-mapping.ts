import type { Scan } from '@waybill/contracts';
import { CarrierCodeTable } from '../carriers/carrier-codes';
import { PlacedScan } from '../status/scan-order';

/** A scan ready for the timeline: canonical status, dedupe key and the carrier's own detail. */
export interface TimelineScan extends PlacedScan {
  carrier: string;
  carrierCode: string | null;
  description: string | null;
}

/** The carrier a scan is deduplicated and mapped under: its own, or the shipment's. */
function scanCarrier(scan: Scan, shipmentCarrier: string): string {
  return (scan.carrier ?? shipmentCarrier).toLowerCase();
}

/**
 * Maps a validated scan to the canonical vocabulary. A canonical `status` given by the sender
 * (driver apps) wins over a carrier code; a code the carrier mapping does not know is `unknown`.
 */
export function placeScan(scan: Scan, shipmentCarrier: string, codes: CarrierCodeTable): TimelineScan {
  const carrier = scanCarrier(scan, shipmentCarrier);
  const mapped = scan.status ? { status: scan.status } : codes(carrier, scan.carrierCode!);
  return {
    key: `${carrier}:${scan.carrierEventId}`,
    carrierEventId: scan.carrierEventId,
    at: Date.parse(scan.occurredAt),
    status: mapped.status,
    reasonCode: scan.reasonCode ?? ('reasonCode' in mapped ? mapped.reasonCode : undefined),
    substatus: scan.substatus,
    location: scan.location,
    carrier,
    carrierCode: scan.carrierCode ?? null,
    description: 'label' in mapped ? mapped.label ?? null : null,
  };
}
