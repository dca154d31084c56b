/**
 * `new Date(ms).toISOString()`, about ten times faster. V8 formats a date through its runtime
 * (~1.2 µs on our VM), and a scan's path through tracking formats four or five of them (the
 * envelope's two timestamps per event, ETAs). Times of the same day share one cached prefix,
 * and the rest is looked up in tables. Years outside 0000–9999 and invalid times fall back to
 * `toISOString`, which formats or throws exactly as before.
 */
const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z, the range of four-digit years. */
const FIRST_MS = -62_167_219_200_000;
const LAST_MS = 253_402_300_799_999;

let cachedDay = NaN;
let cachedPrefix = '';

export function isoTimestamp(ms: number): string {
  if (!(ms >= FIRST_MS && ms <= LAST_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11); // "YYYY-MM-DDT"
    cachedDay = day;
  }
  let rest = ms - day * DAY_MS;
  const milliseconds = rest % 1000;
  rest = (rest - milliseconds) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${cachedPrefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[milliseconds]}Z`;
}
