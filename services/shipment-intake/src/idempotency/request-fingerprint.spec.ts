import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('requestFingerprint', () => {
  it('is the same for the same body with its keys in another order', () => {
    const one = { carrier: 'dhl', recipient: { name: 'Ada', email: 'ada@example.com' }, parcels: [{ weightGrams: 1 }] };
    const two = { parcels: [{ weightGrams: 1 }], recipient: { email: 'ada@example.com', name: 'Ada' }, carrier: 'dhl' };
    expect(requestFingerprint('create', one)).toBe(requestFingerprint('create', two));
  });

  it.each([
    ['a changed value', { carrier: 'ups' }],
    ['an extra field', { carrier: 'dhl', serviceLevel: 'express' }],
    ['a number instead of a string', { carrier: 1 }],
  ])('differs for %s', (_what, other) => {
    expect(requestFingerprint('create', { carrier: 'dhl' })).not.toBe(requestFingerprint('create', other));
  });

  it('differs between operations for the same body', () => {
    expect(requestFingerprint('create', [{ a: 1 }])).not.toBe(requestFingerprint('batch', [{ a: 1 }]));
  });

  it('keeps array order, which matters in a batch', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('writes nested objects with sorted keys and leaves undefined out', () => {
    expect(canonicalJson({ b: { d: 1, c: [true, null] }, a: 'x', z: undefined })).toBe('{"a":"x","b":{"c":[true,null],"d":1}}');
  });
});
