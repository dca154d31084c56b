import { ScanSchema } from './scan';

function aScan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    carrierEventId: 'dhl-evt-000123',
    trackingNumber: 'WB0123456789ABCDEF',
    carrier: 'dhl',
    occurredAt: '2025-03-03T08:15:00Z',
    ...overrides,
  };
}

function problemsWith(raw: unknown): { path: string; message: string }[] {
  const result = ScanSchema.safeParse(raw);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('ScanSchema', () => {
  it.each([
    ['a carrier code only', { carrierCode: 'PU' }],
    ['a canonical status only', { status: 'picked_up' }],
    ['both a carrier code and a status', { carrierCode: 'PU', status: 'picked_up' }],
  ])('accepts a scan with %s', (_what, fields) => {
    const scan = aScan(fields);
    expect(ScanSchema.parse(scan)).toEqual(scan);
  });

  it('rejects a scan with neither a carrier code nor a status, and says so on status', () => {
    expect(problemsWith(aScan())).toEqual([{ path: 'status', message: 'either carrierCode or status is required' }]);
  });

  it('accepts a scan with a location, a reason code and carrier detail', () => {
    const scan = aScan({
      status: 'delivery_attempt_failed',
      location: { facility: 'Paris Nord hub', city: 'Paris', country: 'FR', lat: 48.9, lon: 2.35 },
      reasonCode: 'consignee_not_home',
      substatus: 'Left a card',
    });
    expect(ScanSchema.parse(scan)).toEqual(scan);
  });

  it.each([
    ['a date without a time', '2025-03-03'],
    ['a time without an offset', '2025-03-03T08:15:00'],
    ['words', 'yesterday at noon'],
    ['an impossible month', '2025-13-03T08:15:00Z'],
    ['a unix timestamp', 1741000000000],
  ])('rejects a scan whose occurredAt is %s', (_what, occurredAt) => {
    expect(problemsWith(aScan({ status: 'in_transit', occurredAt })).map((p) => p.path)).toEqual(['occurredAt']);
  });

  it.each(['2025-03-03T08:15:00Z', '2025-03-03T09:15:00.123+01:00'])('accepts occurredAt %s', (occurredAt) => {
    expect(ScanSchema.safeParse(aScan({ status: 'in_transit', occurredAt })).success).toBe(true);
  });

  it('rejects a status outside the canonical vocabulary', () => {
    expect(problemsWith(aScan({ status: 'delayed' })).map((p) => p.path)).toEqual(['status']);
  });

  it.each([
    ['carrierEventId', { carrierEventId: '' }],
    ['trackingNumber', { trackingNumber: 'WB1' }],
    ['carrierCode', { carrierCode: '' }],
    ['reasonCode', { status: 'exception', reasonCode: 'aliens' }],
    ['location.country', { status: 'in_transit', location: { country: 'fr' } }],
  ])('rejects a scan with a bad %s', (path, fields) => {
    expect(problemsWith(aScan(fields)).map((p) => p.path)).toContain(path);
  });

  it('rejects a scan without a tracking number', () => {
    const { trackingNumber: _omitted, ...scan } = aScan({ status: 'in_transit' });
    expect(problemsWith(scan).map((p) => p.path)).toEqual(['trackingNumber']);
  });
});
