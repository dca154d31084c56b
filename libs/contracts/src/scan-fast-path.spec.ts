import fc from 'fast-check';
import { parseScan, ScanSchema } from './scan';
import { REASON_CODES, SHIPMENT_STATUSES } from './vocabulary';

/**
 * parseScan must answer exactly as ScanSchema.safeParse does, for any input: its compiled fast
 * path may only accept what zod returns unchanged. Values are drawn around every boundary the
 * contract has (lengths of astral characters, patterns, enums, the carrierCode-or-status refinement,
 * unknown properties), valid and invalid.
 */

const absent = Symbol('absent');
const anyJsonValue = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.constant({}), fc.constant([]));
/** Strings of lengths around `min` and `max`, in ASCII and in astral characters (one character, two UTF-16 units). */
const lengthAround = (min: number, max: number) =>
  fc.oneof(
    fc.integer({ min: Math.max(0, min - 1), max: min + 1 }),
    fc.integer({ min: Math.max(0, max - 1), max: max + 1 }),
    fc.integer({ min: 0, max: max + 2 }),
  ).chain((length) =>
    fc.oneof(
      fc.constant('x'.repeat(length)),
      fc.constant('😀'.repeat(Math.ceil(length / 2))),
      fc.string({ unit: 'binary', minLength: length, maxLength: length }),
    ),
  );
const field = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: anyJsonValue }, { weight: 2, arbitrary: fc.constant(absent) });
const dateTime = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2025-03-03T09:15:00+01:00',
    '2025-03-03T09:15:00.1-05:30',
    '2024-02-29T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2025-03-03T08:15:00',
    '2025-03-03',
    '2025-13-03T08:15:00Z',
    '2025-03-03T24:00:00Z',
    '2025-03-03T08:15:00+1:00',
    'yesterday',
  ),
);
const location = fc.oneof(
  fc.record(
    {
      facility: field(lengthAround(0, 200)),
      city: field(lengthAround(0, 100)),
      country: field(fc.constantFrom('FR', 'DE', 'fr', 'FRA', 'F')),
      lat: field(fc.double({ min: -91, max: 91, noNaN: true })),
      lon: field(fc.double({ min: -181, max: 181, noNaN: true })),
      extra: fc.constantFrom(absent, absent, 'unknown'),
    },
    { requiredKeys: [] },
  ),
  anyJsonValue,
);
const scanLike = fc.record(
  {
    carrierEventId: field(lengthAround(1, 200)),
    trackingNumber: field(lengthAround(6, 40)),
    carrier: field(lengthAround(1, 50)),
    carrierCode: field(lengthAround(1, 50)),
    status: field(fc.constantFrom(...SHIPMENT_STATUSES, 'delayed', '')),
    occurredAt: field(dateTime),
    location: field(location),
    reasonCode: field(fc.constantFrom(...REASON_CODES, 'aliens')),
    substatus: field(lengthAround(0, 500)),
    unknownField: fc.constantFrom(absent, absent, absent, 'x', 1),
  },
  { requiredKeys: [] },
);

/** Drops the properties drawn as absent, at every level. */
function withoutAbsent(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== absent)
      .map(([k, v]) => [k, withoutAbsent(v)]),
  );
}

describe('parseScan (ScanSchema with a compiled fast path)', () => {
  it('answers exactly as ScanSchema.safeParse for any input', () => {
    let accepted = 0;
    fc.assert(
      fc.property(scanLike.map(withoutAbsent), (input) => {
        const expected = ScanSchema.safeParse(input);
        const actual = parseScan(input);
        expect(actual.success).toBe(expected.success);
        if (expected.success) {
          accepted++;
          expect(actual.data).toEqual(expected.data);
        } else {
          expect(actual.error?.issues).toEqual(expected.error.issues);
        }
      }),
      { numRuns: 5_000 },
    );
    // The generator must reach both answers, or the property proves little.
    expect(accepted).toBeGreaterThan(30); // ~80 of 5,000 on average
  });

  it('returns a valid scan as given, without copying it', () => {
    const scan = { carrierEventId: 'e-1', trackingNumber: 'WB0123456789', carrierCode: 'PU', occurredAt: '2025-03-03T08:15:00Z' };
    expect(parseScan(scan)).toEqual({ success: true, data: scan });
    expect(parseScan(scan).data).toBe(scan);
  });

  it('strips an unknown property through zod, as ScanSchema does', () => {
    const scan = { carrierEventId: 'e-1', trackingNumber: 'WB0123456789', status: 'delivered', occurredAt: '2025-03-03T08:15:00Z' };
    expect(parseScan({ ...scan, note: 'extra' })).toEqual({ success: true, data: scan });
  });

  it('still requires a carrier code or a status, with zod’s message', () => {
    const result = parseScan({ carrierEventId: 'e-1', trackingNumber: 'WB0123456789', occurredAt: '2025-03-03T08:15:00Z' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['either carrierCode or status is required']);
  });
});
