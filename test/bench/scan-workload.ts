/** The tracking benchmark's parcels and their scans: whole lives, in the order a carrier feed sends them. */

export const SCANS_PER_SHIPMENT = 10;
/** DHL codes of one parcel's life: 7 status changes in 10 scans. */
const LIFE = ['EE', 'PU', 'AF', 'DF', 'AF', 'DF', 'WC', 'NH', 'WC', 'OK'];

/** A set of parcels; the same label and count always name the same tracking numbers. */
export interface Parcels {
  label: string;
  trackingNumbers: string[];
}

export function parcels(label: string, count: number): Parcels {
  return {
    label,
    trackingNumbers: Array.from({ length: count }, (_, i) => `WB${label}${String(i).padStart(8, '0')}`.slice(0, 18)),
  };
}

/** Per parcel, its scans in the order the carrier sends them. */
export function parcelLives(p: Parcels): Record<string, unknown>[][] {
  const base = Date.UTC(2030, 0, 7, 6);
  return p.trackingNumbers.map((trackingNumber) =>
    LIFE.map((carrierCode, i) => ({
      carrierEventId: `${trackingNumber}-${i}`,
      trackingNumber,
      carrier: 'dhl',
      carrierCode,
      occurredAt: new Date(base + i * 600_000).toISOString(),
      location: { facility: 'Paris Nord hub', city: 'Paris', country: 'FR' },
    })),
  );
}

/** Interleaves parcel lives the way a feed does, each parcel's scans still in order. */
export function interleaved(lives: Record<string, unknown>[][]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let step = 0; step < SCANS_PER_SHIPMENT; step++) for (const scans of lives) out.push(scans[step]);
  return out;
}
