/**
 * `new Date(ms).toISOString()`, about six times faster (~0.2 against ~1.3 µs on our VM). A scan's
 * path through tracking formats four or five timestamps (the envelope's two per event, ETAs).
 * The calendar date comes from the day number by arithmetic (Howard Hinnant's civil_from_days),
 * so no cache thrashes between `recordedAt` (today) and `occurredAt` (the scan's day), and the
 * characters go to one `String.fromCharCode`, a flat 48-byte string: a template literal would
 * leave a tree of pieces (~260 bytes), and these strings live as long as their events. Years
 * outside 0000–9999 and invalid times fall back to `toISOString`, which formats or throws.
 */
const DAY_MS = 86_400_000;
/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z, the range of four-digit years. */
const FIRST_MS = -62_167_219_200_000;
const LAST_MS = 253_402_300_799_999;
const [ZERO, DASH, T, COLON, DOT, Z] = ['0', '-', 'T', ':', '.', 'Z'].map((c) => c.charCodeAt(0));

/** The character code of a number's digit at `10 ** power`. */
const digit = (value: number, power: number) => ZERO + (Math.floor(value / 10 ** power) % 10);

export function isoTimestamp(ms: number): string {
  // A Date drops fractional milliseconds toward zero, as Math.trunc does.
  const time = Math.trunc(ms);
  if (!(time >= FIRST_MS && time <= LAST_MS)) return new Date(ms).toISOString();
  const days = Math.floor(time / DAY_MS);
  const msOfDay = time - days * DAY_MS;
  // civil_from_days: days since 1970-01-01 to year, month and day (proleptic Gregorian).
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const hours = Math.floor(msOfDay / 3_600_000);
  const minutes = Math.floor(msOfDay / 60_000) % 60;
  const seconds = Math.floor(msOfDay / 1000) % 60;
  const millis = msOfDay % 1000;
  return String.fromCharCode(
    digit(year, 3), digit(year, 2), digit(year, 1), digit(year, 0), DASH,
    digit(month, 1), digit(month, 0), DASH, digit(day, 1), digit(day, 0), T,
    digit(hours, 1), digit(hours, 0), COLON, digit(minutes, 1), digit(minutes, 0), COLON,
    digit(seconds, 1), digit(seconds, 0), DOT, digit(millis, 2), digit(millis, 1), digit(millis, 0), Z,
  );
}
