import { randomUUID } from 'node:crypto';
import { newEvent } from '@waybill/contracts';
import { createDatabase, query } from '../../support/postgres';
import { eventually } from '../../support/eventually';
import { getJson } from '../../support/shipments';
import {
  aCreatedEvent,
  aStatusChange,
  publish,
  RunningSlaMonitor,
  slaEvents,
  slaEventTypes,
  startSlaMonitor,
} from './sla-test-kit';

jest.setTimeout(60_000);

const in_ = (ms: number) => new Date(Date.now() + ms).toISOString();

/** sla-monitor on the in-process bus and real PostgreSQL, fed shipment and tracking events. */
describe('sla-monitor decides SLA states from shipment and tracking events', () => {
  let database: { url: string; drop(): Promise<void> };
  let monitor: RunningSlaMonitor;

  beforeAll(async () => {
    process.env.SLA_POLL_MS = '50';
    process.env.SLA_BREACH_GRACE_SECONDS = '3';
    database = await createDatabase('sla_rules');
    monitor = await startSlaMonitor(database.url);
  });

  afterAll(async () => {
    await monitor?.close();
    await database?.drop();
  });

  it('marks a shipment breached when the promise passes without delivery', async () => {
    const created = aCreatedEvent({ promisedBy: in_(1000) });
    await publish(monitor.bus, created);

    await eventually(async () =>
      expect(await slaEventTypes(database.url, created.shipmentId)).toEqual(['sla.at_risk', 'sla.late', 'sla.breached']),
    );
    const [atRisk, late, breached] = await slaEvents(database.url, [created.shipmentId]);
    expect(atRisk.payload).toMatchObject({ previousState: 'on_track', state: 'at_risk', reason: 'not_out_for_delivery_by_cutoff' });
    expect(late).toMatchObject({ occurredAt: created.payload.promisedBy, source: 'sla-monitor' });
    expect(breached.payload).toMatchObject({
      previousState: 'late',
      state: 'breached',
      promisedBy: created.payload.promisedBy,
      reason: 'not_out_for_delivery_by_cutoff',
    });
    const [row] = await query(database.url, 'SELECT state, due_at FROM sla.deadlines WHERE shipment_id = $1', [created.shipmentId]);
    expect(row).toEqual({ state: 'breached', due_at: null });
  });

  it('meets the promise when the parcel is delivered before it, without any alert', async () => {
    const created = aCreatedEvent();
    await publish(monitor.bus, created);
    await publish(monitor.bus, aStatusChange(created, 'out_for_delivery', 2), aStatusChange(created, 'delivered', 3));

    await eventually(async () => expect(await slaEventTypes(database.url, created.shipmentId)).toEqual(['sla.met']));
    const [met] = await slaEvents(database.url, [created.shipmentId]);
    expect(met.payload).toEqual({ previousState: 'on_track', state: 'met', promisedBy: created.payload.promisedBy });
  });

  it('warns on an exception and reports the recovery when the parcel moves again', async () => {
    const created = aCreatedEvent();
    await publish(monitor.bus, created, aStatusChange(created, 'exception', 2));
    await eventually(async () => expect(await slaEventTypes(database.url, created.shipmentId)).toEqual(['sla.at_risk']));

    await publish(monitor.bus, aStatusChange(created, 'in_transit', 3));
    await eventually(async () =>
      expect(await slaEventTypes(database.url, created.shipmentId)).toEqual(['sla.at_risk', 'sla.recovered']),
    );
    const [, recovered] = await slaEvents(database.url, [created.shipmentId]);
    expect(recovered.payload).toMatchObject({ previousState: 'at_risk', state: 'on_track', reason: 'exception' });
  });

  it('warns when the ETA moves past the promise', async () => {
    const created = aCreatedEvent();
    const eta = newEvent(
      'tracking.eta_updated',
      created.shipmentId,
      { trackingNumber: created.payload.trackingNumber, eta: in_(48 * 3600_000), previousEta: null },
      { source: 'tracking' },
    );
    await publish(monitor.bus, created, eta);
    await eventually(async () => expect((await slaEvents(database.url, [created.shipmentId]))[0]?.payload).toMatchObject({
      state: 'at_risk',
      reason: 'eta_past_promise',
    }));
  });

  it('warns when tracking reports that no scan came for too long', async () => {
    const created = aCreatedEvent();
    const stale = newEvent(
      'tracking.stale',
      created.shipmentId,
      { trackingNumber: created.payload.trackingNumber, status: 'in_transit', lastScanAt: new Date().toISOString() },
      { source: 'tracking' },
    );
    await publish(monitor.bus, created, stale);
    await eventually(async () =>
      expect((await slaEvents(database.url, [created.shipmentId]))[0]?.payload).toMatchObject({ reason: 'no_scan_too_long' }),
    );
  });

  it('reports a late delivery with its lateness, judged on the first attempt', async () => {
    const created = aCreatedEvent({ promisedBy: in_(800) });
    await publish(monitor.bus, created, aStatusChange(created, 'out_for_delivery', 2));
    await eventually(async () => expect(await slaEventTypes(database.url, created.shipmentId)).toContain('sla.late'));

    const attemptedAt = new Date(Date.parse(created.payload.promisedBy) + 1500);
    await publish(monitor.bus, aStatusChange(created, 'delivered', 3, attemptedAt));
    const events = await eventually(async () => {
      const found = await slaEvents(database.url, [created.shipmentId]);
      expect(found.map((e) => e.type).slice(-2)).toEqual(['sla.late', 'sla.delivered_late']);
      return found;
    });
    const deliveredLate = events[events.length - 1];
    expect(deliveredLate.payload).toMatchObject({ previousState: 'late', state: 'delivered_late', lateBySeconds: 1 });
    expect(deliveredLate.occurredAt).toBe(attemptedAt.toISOString());
  });

  it('counts a failed first attempt made on time as on time, and warns about it', async () => {
    const created = aCreatedEvent({ promisedBy: in_(1000) });
    await publish(monitor.bus, created, aStatusChange(created, 'delivery_attempt_failed', 2));
    await eventually(async () => expect(await slaEventTypes(database.url, created.shipmentId)).toEqual(['sla.at_risk']));
    await new Promise((resolve) => setTimeout(resolve, 4500)); // past the promise and the grace

    await publish(monitor.bus, aStatusChange(created, 'delivered', 3));
    await eventually(async () =>
      expect(await slaEventTypes(database.url, created.shipmentId)).toEqual(['sla.at_risk', 'sla.met']),
    );
    const [row] = await query(database.url, 'SELECT first_attempt_delivered FROM sla.deadlines WHERE shipment_id = $1', [
      created.shipmentId,
    ]);
    expect(row.first_attempt_delivered).toBe(false);
  });

  it('stops the clock when the shipment is cancelled', async () => {
    const created = aCreatedEvent({ promisedBy: in_(800) });
    const cancelled = newEvent('shipment.cancelled', created.shipmentId, { reason: 'customer asked' }, { source: 'shipment-intake' });
    await publish(monitor.bus, created, cancelled);
    await eventually(async () => {
      const [row] = await query(database.url, 'SELECT stopped_reason, due_at FROM sla.deadlines WHERE shipment_id = $1', [
        created.shipmentId,
      ]);
      expect(row).toEqual({ stopped_reason: 'cancelled', due_at: null });
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await slaEventTypes(database.url, created.shipmentId)).not.toContain('sla.late');
  });

  it('keeps a tracking event that arrives before shipment.created and applies it on arrival', async () => {
    const created = aCreatedEvent({ promisedBy: in_(3 * 3600_000) }); // past the cut-off already
    await publish(monitor.bus, aStatusChange(created, 'out_for_delivery', 4));
    await eventually(async () => {
      const [row] = await query(database.url, 'SELECT status, promised_by FROM sla.deadlines WHERE shipment_id = $1', [
        created.shipmentId,
      ]);
      expect(row).toEqual({ status: 'out_for_delivery', promised_by: null });
    });
    await publish(monitor.bus, created);
    await eventually(async () => {
      const [row] = await query(database.url, 'SELECT promised_by, carrier, due_at FROM sla.deadlines WHERE shipment_id = $1', [
        created.shipmentId,
      ]);
      expect(row.promised_by).toEqual(new Date(created.payload.promisedBy));
      expect(row.carrier).toBe('dhl');
      expect(row.due_at).not.toBeNull();
    });
    // Out for delivery before the cut-off was reached: no alert.
    expect(await slaEventTypes(database.url, created.shipmentId)).toEqual([]);
  });

  it('emits each transition once when the same event is delivered twice', async () => {
    const created = aCreatedEvent();
    const exception = aStatusChange(created, 'exception', 2);
    await publish(monitor.bus, created, exception, exception);
    await publish(monitor.bus, exception);
    await eventually(async () => expect(await slaEventTypes(database.url, created.shipmentId)).toEqual(['sla.at_risk']));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await slaEventTypes(database.url, created.shipmentId)).toEqual(['sla.at_risk']);
  });

  it('publishes its sla.* events on waybill.sla.v1, keyed by shipment id', async () => {
    const created = aCreatedEvent({ promisedBy: in_(300) });
    const seen: string[] = [];
    await monitor.bus.subscribe({
      groupId: `observer-${randomUUID()}`,
      topics: ['waybill.sla.v1'],
      handleBatch: async (batch, context) => {
        for (const message of batch.messages) if (message.key === created.shipmentId) seen.push(message.headers['event-type']);
        await context.commit(batch.messages[batch.messages.length - 1].offset);
      },
    });
    await publish(monitor.bus, created);
    await eventually(() => expect(seen).toEqual(['sla.at_risk', 'sla.late', 'sla.breached']));
  });

  it('answers readiness with its Postgres connection and the bus', async () => {
    const { status, body } = await getJson(`${monitor.baseUrl}/health/ready`);
    expect(status).toBe(200);
    expect(Object.keys(body.details)).toEqual(['postgres:sla-monitor', 'bus:in-process']);
  });
});
