import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

/** `WB` + 16 random base32 characters (80 bits): not guessable from other numbers. */
export function newTrackingNumber(): string {
  const bytes = randomBytes(16);
  let out = 'WB';
  for (const byte of bytes) out += ALPHABET[byte % 32];
  return out;
}

/**
 * The customer's token is an HMAC of the tracking number (192 bits shown), so any service with
 * the secret can check it or put it in a link without the token ever travelling in an event.
 */
export function trackingTokenFor(trackingNumber: string, secret: string): string {
  return createHmac('sha256', secret).update(trackingNumber).digest('base64url').slice(0, 32);
}

export function isValidTrackingToken(trackingNumber: string, token: unknown, secret: string): boolean {
  if (typeof token !== 'string') return false;
  const expected = Buffer.from(trackingTokenFor(trackingNumber, secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
