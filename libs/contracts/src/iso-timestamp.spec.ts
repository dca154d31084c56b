import fc from 'fast-check';
import { isoTimestamp } from './iso-timestamp';

/** The whole range a Date can hold: ±8.64e15 ms around 1970. */
const ANY_DATE_MS = 8.64e15;

describe('isoTimestamp', () => {
  it('formats any time exactly as Date.prototype.toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -ANY_DATE_MS, max: ANY_DATE_MS }), (ms) => {
        expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('formats times of the same and of neighbouring days alike, whatever the previous call cached', () => {
    const base = Date.UTC(2030, 0, 7, 6);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), { minLength: 1 }), (offsets) => {
        for (const offset of offsets) expect(isoTimestamp(base + offset)).toBe(new Date(base + offset).toISOString());
      }),
    );
  });

  it.each([
    ['the epoch', 0],
    ['the last millisecond before it', -1],
    ['the first millisecond of year 0000', -62_167_219_200_000],
    ['the last millisecond before year 0000', -62_167_219_200_001],
    ['the last millisecond of year 9999', Date.UTC(9999, 11, 31, 23, 59, 59, 999)],
    ['the first millisecond of year 10000', Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1],
    ['a leap day', Date.UTC(2028, 1, 29, 23, 59, 59, 999)],
  ])('matches toISOString at %s', (_, ms) => {
    expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
  });

  it('keeps the fractional milliseconds rule of Date: they are dropped', () => {
    expect(isoTimestamp(1.5)).toBe(new Date(1.5).toISOString());
  });

  it('throws on an invalid time exactly as toISOString does', () => {
    expect(() => isoTimestamp(Number.NaN)).toThrow(RangeError);
    expect(() => isoTimestamp(ANY_DATE_MS + 1)).toThrow(RangeError);
  });
});
