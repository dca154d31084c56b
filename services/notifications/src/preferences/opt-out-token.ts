import { createHmac } from 'node:crypto';
import { tokenMatches } from '@waybill/service-kit';

/** Normalised address a preference is stored under: emails are case-insensitive. */
export function addressKey(address: string): string {
  return address.includes('@') ? address.trim().toLowerCase() : address.replace(/[\s().-]/g, '');
}

/**
 * The token in a one-click opt-out link: an HMAC of the address under the service secret, with
 * its own purpose label so it is never interchangeable with a tracking token.
 */
export function optOutTokenFor(address: string, secret: string): string {
  return createHmac('sha256', secret).update(`opt-out:${addressKey(address)}`).digest('base64url').slice(0, 32);
}

export function isValidOptOutToken(address: string, token: unknown, secret: string): boolean {
  return tokenMatches(token, optOutTokenFor(address, secret));
}

export function optOutUrl(publicBaseUrl: string, address: string, secret: string): string {
  const query = new URLSearchParams({ address: addressKey(address), token: optOutTokenFor(address, secret) });
  return `${publicBaseUrl}/api/v1/notifications/opt-out?${query}`;
}

/**
 * The customer's tracking page opened on its notification-preference form: the page reads
 * `address` and `ptoken` (this same opt-out token) and offers per-kind choices and a full stop.
 * The tracking link alone never reveals the recipient, so the address comes with the message.
 */
export function preferencesUrl(trackingUrl: string, address: string, secret: string): string {
  const url = new URL(trackingUrl);
  url.searchParams.set('address', addressKey(address));
  url.searchParams.set('ptoken', optOutTokenFor(address, secret));
  return url.toString();
}
