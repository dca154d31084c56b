import { IANAZone } from 'luxon';

/**
 * The zone a destination's promise is evaluated in when the address does not name one. Countries
 * spanning several zones get their most populous one; a merchant who knows better sends `timeZone`.
 */
export const COUNTRY_TIME_ZONES: Record<string, string> = {
  AT: 'Europe/Vienna',
  AU: 'Australia/Sydney',
  BE: 'Europe/Brussels',
  BR: 'America/Sao_Paulo',
  CA: 'America/Toronto',
  CH: 'Europe/Zurich',
  CN: 'Asia/Shanghai',
  CZ: 'Europe/Prague',
  DE: 'Europe/Berlin',
  DK: 'Europe/Copenhagen',
  ES: 'Europe/Madrid',
  FI: 'Europe/Helsinki',
  FR: 'Europe/Paris',
  GB: 'Europe/London',
  GR: 'Europe/Athens',
  IE: 'Europe/Dublin',
  IN: 'Asia/Kolkata',
  IT: 'Europe/Rome',
  JP: 'Asia/Tokyo',
  LU: 'Europe/Luxembourg',
  MX: 'America/Mexico_City',
  NL: 'Europe/Amsterdam',
  NO: 'Europe/Oslo',
  NZ: 'Pacific/Auckland',
  PL: 'Europe/Warsaw',
  PT: 'Europe/Lisbon',
  SE: 'Europe/Stockholm',
  SG: 'Asia/Singapore',
  US: 'America/New_York',
  ZA: 'Africa/Johannesburg',
};

export const FALLBACK_TIME_ZONE = 'UTC';

export function isKnownTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The given zone, else the country's, else UTC. */
export function timeZoneFor(address: { country: string; timeZone?: string }): string {
  return address.timeZone ?? COUNTRY_TIME_ZONES[address.country] ?? FALLBACK_TIME_ZONE;
}
