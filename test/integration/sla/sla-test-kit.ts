import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { decodeEvent, EventEnvelope, EventPayload, newEvent, topicOf } from '@waybill/contracts';
import { issueStaffToken } from '@waybill/access';
import { EventBus, InProcessBus } from '@waybill/messaging';
import { SlaMonitorModule } from '@waybill/sla-monitor';
import { startHostedService } from '../../support/hosted-service';
import { asMessage } from '../../support/messaging-harness';
import { query } from '../../support/postgres';
import { getJson } from '../../support/shipments';

export interface RunningSlaMonitor {
  app: INestApplication;
  baseUrl: string;
  bus: EventBus;
  /** An ops member's `Authorization` header: breach reports are for admin and ops. */
  ops: Record<string, string>;
  close(): Promise<void>;
}

/** sla-monitor alone in this process, on the in-process bus and a real database. */
export async function startSlaMonitor(databaseUrl: string, bus: EventBus = new InProcessBus()): Promise<RunningSlaMonitor> {
  const settings = {
    databaseUrl,
    trackingTokenSecret: 'test-tracking-token-secret-0123456789',
    publicBaseUrl: 'http://localhost:3000',
    outboxPollMs: 100,
  };
  const { app, baseUrl } = await startHostedService({
    name: 'sla-monitor-test',
    databaseUrl,
    bus,
    services: [SlaMonitorModule.register(settings)],
    connections: [SlaMonitorModule.serviceName],
  });
  const ops = { authorization: `Bearer ${await issueStaffToken(app, 'ops')}` };
  return { app, baseUrl, bus, ops, close: () => app.close() };
}

/** GET a route of this sla-monitor (`path` from `/api/v1/…`) as ops. */
export function getFromMonitor(monitor: RunningSlaMonitor, path: string): Promise<{ status: number; body: any }> {
  return getJson(`${monitor.baseUrl}${path}`, monitor.ops);
}

export function aCreatedEvent(
  overrides: Partial<EventPayload<'shipment.created'>> = {},
  shipmentId = randomUUID(),
): EventEnvelope<'shipment.created'> {
  return newEvent(
    'shipment.created',
    shipmentId,
    {
      trackingNumber: `WB${randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()}`,
      serviceLevel: 'express',
      carrier: 'dhl',
      promisedBy: new Date(Date.now() + 24 * 3600_000).toISOString(),
      policyVersion: 'merchant',
      recipient: { name: 'Ada Lovelace', email: 'ada@example.com', locale: 'en' },
      origin: { city: 'Lyon', postalCode: '69001', country: 'FR' },
      destination: { city: 'Paris', postalCode: '75001', country: 'FR' },
      parcels: [{ weightGrams: 1200 }],
      ...overrides,
    },
    { source: 'shipment-intake' },
  );
}

export function aStatusChange(
  created: EventEnvelope<'shipment.created'>,
  status: EventPayload<'tracking.status_changed'>['status'],
  version: number,
  occurredAt: Date = new Date(),
): EventEnvelope<'tracking.status_changed'> {
  return newEvent(
    'tracking.status_changed',
    created.shipmentId,
    { trackingNumber: created.payload.trackingNumber, previousStatus: null, status, version },
    { source: 'tracking', occurredAt },
  );
}

export async function publish(bus: EventBus, ...events: EventEnvelope[]): Promise<void> {
  await bus.publish(events.map((event) => asMessage(topicOf(event.type), event)));
}

/** The `sla.*` events sla-monitor wrote to its outbox, oldest first. */
export async function slaEvents(databaseUrl: string, shipmentIds?: string[]): Promise<EventEnvelope[]> {
  const rows = await query<{ value: Buffer }>(
    databaseUrl,
    `SELECT value FROM sla.outbox_messages WHERE topic = 'waybill.sla.v1' ${shipmentIds ? 'AND key = ANY($1)' : ''} ORDER BY id, position`,
    shipmentIds ? [shipmentIds] : [],
  );
  return rows.map((row) => decodeEvent(row.value) as EventEnvelope);
}

export async function slaEventTypes(databaseUrl: string, shipmentId: string): Promise<string[]> {
  return (await slaEvents(databaseUrl, [shipmentId])).map((event) => event.type);
}

/**
 * Deadlines that are already at risk and fire `sla.late` once at their promise, written straight
 * into sla.deadlines (this suite owns that table) so a test can have thousands due at once.
 */
export async function insertDueDeadlines(
  databaseUrl: string,
  count: number,
  firstDueAt: Date,
  spreadMs: number,
): Promise<string[]> {
  const rows = await query<{ shipment_id: string }>(
    databaseUrl,
    `INSERT INTO sla.deadlines (shipment_id, tracking_number, promised_by, due_at, state, at_risk_reason,
       service_level, carrier, region, created_at, last_scan_at, first_at_risk_at, status, status_version)
     SELECT gen_random_uuid(), 'WB' || lpad(i::text, 16, '0'), p, p, 'at_risk', 'not_out_for_delivery_by_cutoff',
       'express', 'dhl', 'FR', now(), now(), now(), 'in_transit', 1
     FROM generate_series(1, $1::int) AS i,
       LATERAL (SELECT $2::timestamptz + ($3::float8 * (i - 1) / greatest($1::int - 1, 1)) * interval '1 millisecond' AS p) AS t
     RETURNING shipment_id`,
    [count, firstDueAt, spreadMs],
  );
  return rows.map((row) => row.shipment_id);
}

/** How many `sla.*` events of each (shipment, type) pair are in the outbox for these shipments. */
export async function firedCounts(databaseUrl: string, shipmentIds: string[], type: string) {
  const [row] = await query<{ events: number; shipments: number; duplicated: number }>(
    databaseUrl,
    `SELECT count(*)::int AS events, count(DISTINCT key)::int AS shipments,
       (SELECT count(*)::int FROM (SELECT key FROM sla.outbox_messages WHERE headers->>'event-type' = $2 AND key = ANY($1)
          GROUP BY key HAVING count(*) > 1) d) AS duplicated
     FROM sla.outbox_messages WHERE headers->>'event-type' = $2 AND key = ANY($1)`,
    [shipmentIds, type],
  );
  return row;
}
