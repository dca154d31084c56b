import { randomUUID } from 'node:crypto';
import { AnyEvent, decodeEvent, EventType, newEvent, Topics } from '@waybill/contracts';
import { trackingTokenFor } from '@waybill/service-kit';
import { RunningPlatform, startPlatform } from '../../support/platform';
import { createDatabase, query } from '../../support/postgres';
import { eventually } from '../../support/eventually';
import { aShipmentRequest, getJson, postJson } from '../../support/shipments';

export interface TrackingSuite {
  platform: RunningPlatform;
  /** The suite's own database, where tests read tracking's tables and outbox. */
  databaseUrl: string;
}

/**
 * Every tracking suite's setup: the platform on a fresh database of its own, started before the
 * describe block's tests and stopped after them. Its fields are set once `beforeAll` has run, so
 * read them inside tests. `env` is set before the platform starts (tracking reads it then).
 */
export function trackingSuite(
  label: string,
  options: { bus?: 'in-process' | 'kafka'; env?: Record<string, string> } = {},
): TrackingSuite {
  const suite = {} as TrackingSuite;
  let database: { url: string; drop(): Promise<void> } | undefined;
  beforeAll(async () => {
    Object.assign(process.env, options.env);
    database = await createDatabase(label);
    suite.databaseUrl = database.url;
    suite.platform = await startPlatform({ databaseUrl: database.url, bus: options.bus });
  });
  afterAll(async () => {
    await suite.platform?.close();
    await database?.drop();
  });
  return suite;
}

export interface TrackedShipment {
  id: string;
  trackingNumber: string;
  trackingToken: string;
}

/** Registers a shipment at intake over HTTP and waits until tracking follows it. */
export async function registerShipment(platform: RunningPlatform, overrides: Record<string, unknown> = {}): Promise<TrackedShipment> {
  const created = await postJson(`${platform.baseUrl}/api/v1/shipments`, aShipmentRequest({ carrier: 'dhl', ...overrides }), platform.api.credentials);
  expect(created.status).toBe(201);
  const shipment = created.body as TrackedShipment;
  await eventually(async () => expect((await timelineOf(platform, shipment.id)).status).toBe(200));
  return shipment;
}

/** Announces a shipment the way intake does, with a tracking number the test chooses. */
export async function announceShipment(platform: RunningPlatform, trackingNumber: string): Promise<string> {
  const shipmentId = randomUUID();
  const event = newEvent(
    'shipment.created',
    shipmentId,
    {
      trackingNumber,
      serviceLevel: 'standard',
      carrier: 'dhl',
      promisedBy: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      policyVersion: 'test',
      recipient: { name: 'Grace Hopper', locale: 'en' },
      origin: { city: 'Lyon', postalCode: '69001', country: 'FR' },
      destination: { city: 'Paris', postalCode: '75001', country: 'FR' },
      parcels: [{ weightGrams: 500 }],
    },
    { source: 'shipment-intake' },
  );
  await platform.bus.publish([{ topic: Topics.shipments, key: shipmentId, value: JSON.stringify(event) }]);
  return shipmentId;
}

export function timelineOf(platform: RunningPlatform, shipmentId: string) {
  return getJson(`${platform.baseUrl}/api/v1/shipments/${shipmentId}/timeline`, platform.api.credentials);
}

export function publicViewOf(platform: RunningPlatform, trackingNumber: string) {
  const token = trackingTokenFor(trackingNumber, platform.settings.trackingTokenSecret);
  return getJson(`${platform.baseUrl}/api/v1/tracking/${trackingNumber}?token=${token}`);
}

/** Scans as a carrier's system posts them: with an integration key holding scans:write. */
export async function postScans(platform: RunningPlatform, body: unknown) {
  carrierKeys.set(platform, carrierKeys.get(platform) ?? platform.integration(['scans:write']));
  return postJson(`${platform.baseUrl}/api/v1/scans`, body, await carrierKeys.get(platform)!);
}
const carrierKeys = new WeakMap<RunningPlatform, Promise<Record<string, string>>>();

/** Cancels a shipment at intake, as a merchant or dispatcher does. */
export async function cancelShipment(platform: RunningPlatform, shipmentId: string, reason?: string) {
  return postJson(`${platform.baseUrl}/api/v1/shipments/${shipmentId}/cancel`, reason ? { reason } : {}, await platform.staff('dispatcher'));
}

/** A staff correction of a shipment's final status, made by the suite's dispatcher (CORRECTED_BY). */
export async function correctStatus(platform: RunningPlatform, shipmentId: string, body: unknown) {
  return postJson(`${platform.baseUrl}/api/v1/shipments/${shipmentId}/status-corrections`, body, await platform.staff('dispatcher'));
}
/** The staff member correctStatus signs in as (test/support/platform issues the token). */
export const CORRECTED_BY = 'dispatcher@test.waybill.example';

/** Events tracking wrote to its outbox for a shipment, in order, optionally of some types only. */
export async function trackingEvents(databaseUrl: string, shipmentId: string, types?: EventType[]): Promise<AnyEvent[]> {
  const rows = await query<{ value: Buffer }>(
    databaseUrl,
    `SELECT value FROM tracking.outbox_messages WHERE key = $1 AND topic = $2 ORDER BY id, position`,
    [shipmentId, Topics.tracking],
  );
  const events = rows.map((row) => decodeEvent(row.value));
  return types ? events.filter((event) => types.includes(event.type)) : events;
}

let sequence = 0;

/** A DHL-coded scan for a tracking number, `minutes` after a fixed morning. */
export function dhlScan(trackingNumber: string, code: string, minutes: number, extra: Record<string, unknown> = {}) {
  return {
    carrierEventId: `dhl-${process.pid}-${++sequence}-${randomUUID().slice(0, 8)}`,
    trackingNumber,
    carrier: 'dhl',
    carrierCode: code,
    occurredAt: new Date(Date.UTC(2030, 0, 7, 6, minutes)).toISOString(),
    location: { facility: 'Paris Nord hub', city: 'Paris', country: 'FR' },
    ...extra,
  };
}
