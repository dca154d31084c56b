import { isValidTrackingToken, newTrackingNumber, trackingLinkOf, trackingTokenFor } from './tracking-token';

const SECRET = 'test-only-tracking-token-secret-1';
const OTHER_SECRET = 'test-only-tracking-token-secret-2';

describe('tracking numbers', () => {
  it('are WB followed by 16 Crockford base32 characters (no I, L, O or U)', () => {
    for (let i = 0; i < 200; i++) {
      expect(newTrackingNumber()).toMatch(/^WB[0-9A-HJKMNP-TV-Z]{16}$/);
    }
  });

  it('are all distinct over 1000 new shipments', () => {
    const numbers = Array.from({ length: 1000 }, () => newTrackingNumber());
    expect(new Set(numbers).size).toBe(1000);
  });

  it('use the whole alphabet rather than a few characters', () => {
    const seen = new Set(
      Array.from({ length: 200 }, () => newTrackingNumber().slice(2))
        .join('')
        .split(''),
    );
    expect(seen.size).toBe(32);
  });
});

describe('tracking tokens', () => {
  const number = 'WB0123456789ABCDEF';

  it('are the same every time for one tracking number and secret', () => {
    expect(trackingTokenFor(number, SECRET)).toBe(trackingTokenFor(number, SECRET));
  });

  it('differ under another secret', () => {
    expect(trackingTokenFor(number, OTHER_SECRET)).not.toBe(trackingTokenFor(number, SECRET));
  });

  it('differ between tracking numbers, even ones a character apart', () => {
    expect(trackingTokenFor('WB0123456789ABCDEG', SECRET)).not.toBe(trackingTokenFor(number, SECRET));
  });

  it('are 32 URL-safe base64 characters, 192 bits and so well over 128', () => {
    const token = trackingTokenFor(number, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(24);
    expect(token.length * 6).toBeGreaterThanOrEqual(128);
  });

  it('are distinct across many tracking numbers', () => {
    const tokens = Array.from({ length: 1000 }, () => trackingTokenFor(newTrackingNumber(), SECRET));
    expect(new Set(tokens).size).toBe(1000);
  });
});

describe('isValidTrackingToken', () => {
  const number = 'WB0123456789ABCDEF';
  const token = trackingTokenFor(number, SECRET);

  it('accepts the token of that tracking number under that secret', () => {
    expect(isValidTrackingToken(number, token, SECRET)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['the token of another tracking number', trackingTokenFor('WB0123456789ABCDEG', SECRET)],
    ['the token under another secret', trackingTokenFor(number, OTHER_SECRET)],
    ['a token with one character changed', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`],
    ['a missing token', undefined],
    ['a null token', null],
    ['an empty token', ''],
    ['a number', 12345],
    ['an array holding the token', [token]],
    ['an object', { token }],
    ['a token one character short', token.slice(0, -1)],
    ['a token with one character more', `${token}A`],
    ['the full untruncated HMAC', `${token}${'x'.repeat(11)}`],
  ])('rejects %s', (_what, given) => {
    expect(isValidTrackingToken(number, given, SECRET)).toBe(false);
  });

  it('rejects a token of the right length in characters but not in bytes', () => {
    const sameLengthMultibyte = `${token.slice(0, -1)}é`;
    expect(sameLengthMultibyte).toHaveLength(token.length);
    expect(isValidTrackingToken(number, sameLengthMultibyte, SECRET)).toBe(false);
  });
});

describe('trackingLinkOf', () => {
  it('points at the customer page with the token that opens it', () => {
    const number = newTrackingNumber();
    const link = trackingLinkOf(number, { trackingTokenSecret: SECRET, publicBaseUrl: 'https://track.example.com' });
    expect(link.trackingUrl).toBe(`https://track.example.com/t/${number}?token=${link.trackingToken}`);
    expect(isValidTrackingToken(number, new URL(link.trackingUrl).searchParams.get('token'), SECRET)).toBe(true);
  });
});
