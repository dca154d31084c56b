/**
 * `new Date(ms).toISOString()`, about five times faster. V8 formats a date through its runtime
 * (~1.2 µs on our VM), and a scan's path through tracking formats four or five of them (the
 * envelope's two timestamps per event, ETAs). Times of the same day share a cached prefix, and
 * the digits are written into a buffer read back as one flat string: a template literal would
 * leave a tree of string pieces (~260 bytes against 48), and these strings live as long as the
 * events they are in. Years outside 0000–9999 and invalid times fall back to `toISOString`,
 * which formats or throws exactly as before.
 */
const DAY_MS = 86_400_000;
/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z, the range of four-digit years. */
const FIRST_MS = -62_167_219_200_000;
const LAST_MS = 253_402_300_799_999;
const ZERO = 0x30;

/** "YYYY-MM-DDTHH:MM:SS.mmmZ"; bytes 0–10 hold the cached day's prefix. */
const text = Buffer.alloc(24);
let cachedDay = NaN;

function writeDigits(value: number, at: number, count: 2 | 3): void {
  for (let i = at + count - 1; i >= at; i--) {
    text[i] = ZERO + (value % 10);
    value = (value - (value % 10)) / 10;
  }
}

export function isoTimestamp(ms: number): string {
  if (!(ms >= FIRST_MS && ms <= LAST_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    text.write(`${new Date(day * DAY_MS).toISOString().slice(0, 11)}00:00:00.000Z`, 'latin1');
    cachedDay = day;
  }
  let rest = ms - day * DAY_MS;
  writeDigits(rest % 1000, 20, 3);
  rest = Math.floor(rest / 1000);
  writeDigits(rest % 60, 17, 2);
  rest = Math.floor(rest / 60);
  writeDigits(rest % 60, 14, 2);
  writeDigits(Math.floor(rest / 60), 11, 2);
  return text.toString('latin1', 0, 24);
}
