import fc from 'fast-check';
import { z } from 'zod';
import { EnvelopeSchema } from './envelope';
import { TrackingStatusChangedPayload } from './events/tracking-events';
import { withFastPath } from './fast-path';
import { REASON_CODES, SHIPMENT_STATUSES } from './vocabulary';

/** The answer of a parser, comparable across both paths. */
const answer = (result: z.ZodSafeParseResult<unknown>) =>
  result.success ? { data: result.data } : { issues: result.error.issues };

describe('withFastPath', () => {
  it('returns valid input as given, without copying it', () => {
    const parse = withFastPath(z.object({ name: z.string(), tags: z.array(z.string()) }));
    const value = { name: 'a', tags: ['x'] };
    expect(parse(value).data).toBe(value);
  });

  it.each<[string, z.ZodType, unknown]>([
    ['strips an unknown property', z.object({ a: z.string() }), { a: 'x', b: 1 }],
    ['fills in a default', z.object({ locale: z.string().default('en') }), {}],
    ['reports every issue by field', z.object({ a: z.string().min(2), b: z.number() }), { a: 'x', b: 'y' }],
    ['applies a transform', z.object({ n: z.string().transform((s) => s.length) }), { n: 'abc' }],
    ['honours a refinement it was not told about', z.object({ a: z.string() }).refine((v) => v.a === 'ok'), { a: 'no' }],
    ['checks a format it has no pattern for', z.object({ site: z.url() }), { site: 'not a url' }],
    ['keeps a case-insensitive pattern', z.object({ code: z.string().regex(/^ab$/i) }), { code: 'AB' }],
    ['refuses NaN and Infinity', z.object({ x: z.number(), y: z.number() }), { x: Number.NaN, y: Infinity }],
    ['refuses a Date where a string is due', z.object({ at: z.iso.datetime() }), { at: new Date(0) }],
  ])('answers as zod when it %s', (_what, schema, value) => {
    expect(answer(withFastPath(schema)(value))).toEqual(answer(schema.safeParse(value)));
  });

  it('answers exactly as zod for any tracking.status_changed payload or envelope', () => {
    const junk = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.constant(Number.NaN), fc.constant({}), fc.string());
    const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: junk });
    const payload = fc.record(
      {
        trackingNumber: maybe(fc.string()),
        previousStatus: maybe(fc.constantFrom(...SHIPMENT_STATUSES, null, 'lost')),
        status: maybe(fc.constantFrom(...SHIPMENT_STATUSES, 'lost')),
        version: maybe(fc.oneof(fc.integer({ min: -1, max: 5 }), fc.double({ min: 0, max: 3 }))),
        reasonCode: maybe(fc.constantFrom(...REASON_CODES, 'aliens')),
        substatus: maybe(fc.string({ maxLength: 502 })),
        location: maybe(fc.record({ city: maybe(fc.string()), country: maybe(fc.constantFrom('FR', 'fr')), lat: maybe(fc.double({ min: -91, max: 91 })) }, { requiredKeys: [] })),
        correction: maybe(fc.record({ id: maybe(fc.uuid()), by: maybe(fc.string()), reason: maybe(fc.string()) }, { requiredKeys: [] })),
        extra: fc.constant('unknown'),
      },
      { requiredKeys: [] },
    );
    const envelope = fc.record(
      {
        id: maybe(fc.uuid()),
        type: maybe(fc.constantFrom('tracking.status_changed', 'tracking.nothing')),
        version: maybe(fc.integer({ min: 0, max: 2 })),
        shipmentId: maybe(fc.uuid()),
        occurredAt: maybe(fc.constantFrom('2025-03-03T08:15:00.000Z', '2025-03-03T08:15:00+01:00', '2025-03-03')),
        recordedAt: maybe(fc.constant('2025-03-03T08:15:00.000Z')),
        source: maybe(fc.string({ maxLength: 3 })),
        causationId: maybe(fc.oneof(fc.uuid(), fc.constant(null))),
        payload: fc.anything(),
        extra: fc.constant(1),
      },
      { requiredKeys: [] },
    );
    const parsePayload = withFastPath(TrackingStatusChangedPayload);
    const parseEnvelope = withFastPath(EnvelopeSchema);
    let accepted = 0;
    fc.assert(
      fc.property(payload, envelope, (p, e) => {
        const expected = TrackingStatusChangedPayload.safeParse(p);
        expect(answer(parsePayload(p))).toEqual(answer(expected));
        expect(answer(parseEnvelope(e))).toEqual(answer(EnvelopeSchema.safeParse(e)));
        if (expected.success) accepted++;
      }),
      { numRuns: 3_000 },
    );
    expect(accepted).toBeGreaterThan(30); // both answers must be reached for the property to say much
  });
});
