import type { ReasonCode, ServiceLevel, ShipmentStatus } from '@waybill/contracts';
import { between, pick, weighted, type Random } from './random';

/** How a simulated parcel's story ends. */
export type Fate = 'on_time' | 'late' | 'failed_then_delivered' | 'never_delivered' | 'exception';

export const FATE_WEIGHTS: Record<Fate, number> = {
  on_time: 60,
  late: 12,
  failed_then_delivered: 10,
  never_delivered: 10,
  exception: 8,
};

export interface Place {
  city: string;
  postalCode: string;
  country: string;
  hub: string;
}

export const PLACES: Place[] = [
  { city: 'Paris', postalCode: '75001', country: 'FR', hub: 'Paris-Nord hub' },
  { city: 'Lyon', postalCode: '69001', country: 'FR', hub: 'Lyon Saint-Exupéry hub' },
  { city: 'Berlin', postalCode: '10115', country: 'DE', hub: 'Berlin-Schönefeld hub' },
  { city: 'Hamburg', postalCode: '20095', country: 'DE', hub: 'Hamburg hub' },
  { city: 'Madrid', postalCode: '28001', country: 'ES', hub: 'Madrid-Coslada hub' },
  { city: 'Milan', postalCode: '20121', country: 'IT', hub: 'Milano Linate hub' },
  { city: 'Amsterdam', postalCode: '1011', country: 'NL', hub: 'Amsterdam hub' },
  { city: 'Brussels', postalCode: '1000', country: 'BE', hub: 'Brussels hub' },
  { city: 'London', postalCode: 'EC1A 1BB', country: 'GB', hub: 'London Heathrow hub' },
];

export const CARRIERS = ['dhl', 'ups', 'colissimo', 'dpd'] as const;
export const SERVICE_LEVELS: ServiceLevel[] = ['same_day', 'next_day', 'express', 'standard', 'economy'];

/**
 * DHL and UPS report in their own codes (tracking maps them through its carrier tables); the
 * other carriers send canonical statuses.
 */
const CARRIER_CODES: Record<string, Partial<Record<string, string>>> = {
  dhl: {
    info_received: 'EE', picked_up: 'PU', in_transit: 'AF', out_for_delivery: 'WC', delivered: 'OK',
    'delivery_attempt_failed:consignee_not_home': 'NH', 'exception:customs_delay': 'CD',
  },
  ups: {
    info_received: 'M', picked_up: 'P', in_transit: 'I:AR', out_for_delivery: 'I:OF', delivered: 'D',
    'delivery_attempt_failed:consignee_not_home': 'X:48', 'exception:weather_delay': 'X:WD',
  },
};

export interface PlannedScan {
  /** When to send it, in ms since the epoch. */
  at: number;
  status: ShipmentStatus;
  reasonCode?: ReasonCode;
  carrierCode?: string;
  facility: string;
  city: string;
  country: string;
}

export interface JourneyInput {
  carrier: string;
  origin: Place;
  destination: Place;
  createdAt: number;
  promisedBy: number;
  fate: Fate;
}

/**
 * The scans a parcel will get, timed against its promise window W (creation → promise): a
 * normal parcel goes out for delivery at 65% of W and is delivered at 85%; the others are late,
 * fail an attempt, meet an exception, or stop scanning in transit and break their promise.
 */
export function planJourney(input: JourneyInput, random: Random): PlannedScan[] {
  const window = input.promisedBy - input.createdAt;
  const at = (fraction: number) => Math.round(input.createdAt + fraction * window + between(random, -0.02, 0.02) * window);
  const origin = { facility: input.origin.hub, city: input.origin.city, country: input.origin.country };
  const destination = { facility: input.destination.hub, city: input.destination.city, country: input.destination.country };
  const door = { facility: 'Delivery van', city: input.destination.city, country: input.destination.country };
  const scan = (fraction: number, status: ShipmentStatus, where: typeof origin, reasonCode?: ReasonCode): PlannedScan => ({
    at: Math.max(input.createdAt + 500, at(fraction)),
    status,
    reasonCode,
    ...where,
  });
  const start = [scan(0.03, 'info_received', origin), scan(0.12, 'picked_up', origin), scan(0.25, 'in_transit', origin)];
  const arrive = scan(0.45, 'in_transit', destination);
  let rest: PlannedScan[];
  switch (input.fate) {
    case 'on_time':
      rest = [arrive, scan(0.65, 'out_for_delivery', door), scan(0.85, 'delivered', door)];
      break;
    case 'late':
      rest = [arrive, scan(0.92, 'out_for_delivery', door), scan(1.12, 'delivered', door)];
      break;
    case 'failed_then_delivered':
      rest = [
        arrive,
        scan(0.6, 'out_for_delivery', door),
        scan(0.75, 'delivery_attempt_failed', door, 'consignee_not_home'),
        scan(1.0, 'out_for_delivery', door),
        scan(1.1, 'delivered', door),
      ];
      break;
    case 'exception': {
      const reason: ReasonCode = input.carrier === 'ups' ? 'weather_delay' : 'customs_delay';
      rest = [scan(0.4, 'exception', destination, reason), scan(0.9, 'in_transit', destination), scan(1.05, 'out_for_delivery', door), scan(1.2, 'delivered', door)];
      break;
    }
    case 'never_delivered':
      rest = [];
      break;
  }
  return [...start, ...rest]
    .sort((a, b) => a.at - b.at)
    .map((planned) => {
      const code = CARRIER_CODES[input.carrier]?.[planned.reasonCode ? `${planned.status}:${planned.reasonCode}` : planned.status];
      return code ? { ...planned, carrierCode: code } : planned;
    });
}

export interface PlannedShipment {
  request: Record<string, unknown>;
  fate: Fate;
  promiseInMs: number | null;
}

/**
 * A shipment as a merchant would register it. Most carry an explicit promise a minute or two
 * away (the demo compresses days into minutes); some take the SLA policy's promise and simply
 * sit on the board.
 */
export function planShipment(random: Random, options: { fate?: Fate; promiseInMs?: number } = {}): PlannedShipment {
  const origin = pick(random, PLACES);
  let destination = pick(random, PLACES);
  if (destination === origin) destination = PLACES[(PLACES.indexOf(origin) + 1) % PLACES.length];
  const carrier = pick(random, CARRIERS);
  const fate = options.fate ?? weighted(random, FATE_WEIGHTS);
  const usePolicy = options.promiseInMs === undefined && random() < 0.15;
  const promiseInMs = usePolicy ? null : (options.promiseInMs ?? Math.round(between(random, 25_000, 120_000)));
  const name = pick(random, ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Marie Curie', 'Emmy Noether', 'Hedy Lamarr', 'Katherine Johnson']);
  const locale = destination.country === 'FR' || destination.country === 'BE' ? 'fr' : 'en';
  const request: Record<string, unknown> = {
    merchantReference: `DEMO-${Math.floor(random() * 1e9).toString(36).toUpperCase()}`,
    serviceLevel: pick(random, SERVICE_LEVELS),
    carrier,
    recipient: { name, email: `${name.split(' ')[0].toLowerCase()}@example.com`, locale },
    origin: { city: origin.city, postalCode: origin.postalCode, country: origin.country },
    destination: { city: destination.city, postalCode: destination.postalCode, country: destination.country },
    parcels: [{ weightGrams: Math.round(between(random, 200, 15_000)) }],
  };
  return { request, fate: usePolicy ? 'on_time' : fate, promiseInMs };
}

export function placeOf(address: { city: string; country: string }): Place {
  return PLACES.find((place) => place.city === address.city && place.country === address.country) ?? PLACES[0];
}
