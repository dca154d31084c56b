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
  return tokenMatches(token, trackingTokenFor(trackingNumber, secret));
}

/** A token a client sent equals the one we derive, compared in constant time (no timing oracle). */
export function tokenMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The customer's tracking page for a parcel, and the token in it: one format for every service. */
export function trackingLinkOf(trackingNumber: string, settings: { trackingTokenSecret: string; publicBaseUrl: string }) {
  const trackingToken = trackingTokenFor(trackingNumber, settings.trackingTokenSecret);
  return { trackingToken, trackingUrl: `${settings.publicBaseUrl}/t/${trackingNumber}?token=${trackingToken}` };
}
