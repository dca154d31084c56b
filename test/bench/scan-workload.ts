/** The tracking benchmark's scans: whole parcel lives, and the order a carrier feed sends them. */

export const SCANS_PER_SHIPMENT = 10;
/** DHL codes of one parcel's life: 7 status changes in 10 scans. */
const LIFE = ['EE', 'PU', 'AF', 'DF', 'AF', 'DF', 'WC', 'NH', 'WC', 'OK'];

export interface Workload {
  label: string;
  trackingNumbers: string[];
  /** Per shipment, its scans in the order the carrier sends them. */
  scans: Record<string, unknown>[][];
}

/** `shipments` parcel lives; the same label and count always give the same scans. */
export function workload(label: string, shipments: number): Workload {
  const trackingNumbers = Array.from({ length: shipments }, (_, i) => `WB${label}${String(i).padStart(8, '0')}`.slice(0, 18));
  const base = Date.UTC(2030, 0, 7, 6);
  return {
    label,
    trackingNumbers,
    scans: trackingNumbers.map((trackingNumber) =>
      LIFE.map((carrierCode, i) => ({
        carrierEventId: `${trackingNumber}-${i}`,
        trackingNumber,
        carrier: 'dhl',
        carrierCode,
        occurredAt: new Date(base + i * 600_000).toISOString(),
        location: { facility: 'Paris Nord hub', city: 'Paris', country: 'FR' },
      })),
    ),
  };
}

/** Interleaves shipments the way a feed does, each shipment's scans still in order. */
export function interleaved(w: Pick<Workload, 'scans'>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let step = 0; step < SCANS_PER_SHIPMENT; step++) for (const scans of w.scans) out.push(scans[step]);
  return out;
}
