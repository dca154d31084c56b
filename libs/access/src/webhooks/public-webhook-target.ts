import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, LookupFunction } from 'node:net';

/** Addresses a webhook must never reach in production: this host, its networks, cloud metadata. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
  ['100::', 64], // discard
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::/96) IPv6 address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  if (family === 6) {
    const inner = embeddedIpv4(address);
    if (inner) return isPublicAddress(inner);
    return !NOT_PUBLIC.check(address, 'ipv6');
  }
  return false;
}

export class WebhookTargetRefused extends Error {
  constructor(readonly reason: string) {
    super(`webhook target refused: ${reason}`);
    this.name = 'WebhookTargetRefused';
  }
}

export interface WebhookTargetOptions {
  /** Development and tests post to local receivers; production must not. */
  allowPrivate: boolean;
  lookup?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
}

const defaultLookup = (hostname: string) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Refuses a webhook URL that is not http(s), carries credentials, or whose host is (or resolves
 * to, for any of its addresses) a private, loopback, link-local or otherwise non-public address.
 * Call it when a subscription is saved and again before each delivery: DNS answers change.
 */
export async function assertPublicWebhookTarget(url: string, options: WebhookTargetOptions): Promise<URL> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new WebhookTargetRefused('not a valid URL');
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new WebhookTargetRefused('must be http or https');
  if (target.username || target.password) throw new WebhookTargetRefused('must not carry credentials');
  if (options.allowPrivate) return target;
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    if (!isPublicAddress(host)) throw new WebhookTargetRefused(`${host} is not a public address`);
    return target;
  }
  let addresses: Array<{ address: string }>;
  try {
    addresses = await (options.lookup ?? defaultLookup)(host);
  } catch {
    throw new WebhookTargetRefused(`${host} does not resolve`);
  }
  if (addresses.length === 0) throw new WebhookTargetRefused(`${host} does not resolve`);
  const blocked = addresses.find(({ address }) => !isPublicAddress(address));
  if (blocked) throw new WebhookTargetRefused(`${host} resolves to ${blocked.address}, not a public address`);
  return target;
}

/**
 * A `lookup` for the connections that deliver webhooks: the name is resolved once, for the
 * connection itself, and an answer with a non-public address fails it. A check before the
 * request alone resolves the name twice, and a name that answers "public" to the check and
 * "127.0.0.1" to the connection (DNS rebinding) would get through. (IP literals never reach a
 * lookup; `assertPublicWebhookTarget` refuses the non-public ones.)
 */
export function publicOnlyLookup(lookup: WebhookTargetOptions['lookup'] = defaultLookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname)
      .then((found) => {
        const addresses = options.family ? found.filter((a) => a.family === options.family) : found;
        if (addresses.length === 0) throw new WebhookTargetRefused(`${hostname} does not resolve`);
        const blocked = addresses.find(({ address }) => !isPublicAddress(address));
        if (blocked) throw new WebhookTargetRefused(`${hostname} resolves to ${blocked.address}, not a public address`);
        if (options.all) callback(null, addresses.map(({ address, family }): LookupAddress => ({ address, family })));
        else callback(null, addresses[0].address, addresses[0].family);
      })
      .catch((error: Error) => callback(error, '', 0));
  };
}
