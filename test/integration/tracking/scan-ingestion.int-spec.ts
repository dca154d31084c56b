import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { query } from '../../support/postgres';
import { eventually } from '../../support/eventually';
import { getJson } from '../../support/shipments';
import {
  announceShipment,
  dhlScan,
  postScans,
  publicViewOf,
  registerShipment,
  timelineOf,
  trackingEvents,
  trackingSuite,
} from './tracking-harness';

jest.setTimeout(60_000);

/** Scans over HTTP into tracking, all four services in-process on a real PostgreSQL. */
describe('tracking: scans over HTTP on real PostgreSQL', () => {
  // Short stale timings, so the stale-shipment test sees its report within seconds.
  const suite = trackingSuite('tracking_http', { env: { TRACKING_STALE_AFTER_MS: '1500', TRACKING_STALE_POLL_MS: '200' } });

  it('turns a carrier’s scans into the canonical status, a timeline and one event per change', async () => {
    const shipment = await registerShipment(suite.platform);
    const tn = shipment.trackingNumber;
    const response = await postScans(suite.platform, [
      dhlScan(tn, 'EE', 0),
      dhlScan(tn, 'PU', 10),
      dhlScan(tn, 'AF', 20),
      dhlScan(tn, 'DF', 30),
      dhlScan(tn, 'WC', 40),
    ]);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ received: 5, applied: 5, duplicate: 0, parked: 0, rejected: 0 });
    const { body } = await timelineOf(suite.platform, shipment.id);
    expect(body).toMatchObject({ status: 'out_for_delivery', statusVersion: 5, trackingNumber: tn });
    expect(body.timeline.map((e: { status: string }) => e.status)).toEqual([
      'created',
      'info_received',
      'picked_up',
      'in_transit',
      'in_transit',
      'out_for_delivery',
    ]);
    expect(body.timeline[5]).toMatchObject({ carrier: 'dhl', carrierCode: 'WC', location: { facility: 'Paris Nord hub' } });

    const changes = await trackingEvents(suite.databaseUrl, shipment.id, ['tracking.status_changed']);
    expect(changes.map((e) => e.payload)).toEqual([
      expect.objectContaining({ previousStatus: null, status: 'created', version: 1 }),
      expect.objectContaining({ previousStatus: 'created', status: 'info_received', version: 2 }),
      expect.objectContaining({ previousStatus: 'info_received', status: 'picked_up', version: 3 }),
      expect.objectContaining({ previousStatus: 'picked_up', status: 'in_transit', version: 4 }),
      expect.objectContaining({ previousStatus: 'in_transit', status: 'out_for_delivery', version: 5 }),
    ]);
    expect(changes[4].occurredAt).toBe('2030-01-07T06:40:00.000Z');

    // ETA model: out for delivery at 06:40 → expected 8 hours later.
    const [etaUpdate] = await trackingEvents(suite.databaseUrl, shipment.id, ['tracking.eta_updated']);
    expect(etaUpdate.payload).toMatchObject({ trackingNumber: tn, eta: '2030-01-07T14:40:00.000Z' });
    expect(body.eta).toBe('2030-01-07T14:40:00.000Z');
  });

  it('reports invalid scans of a batch with their fields and stores the valid ones', async () => {
    const shipment = await registerShipment(suite.platform);
    const tn = shipment.trackingNumber;
    const response = await postScans(suite.platform, [
      dhlScan(tn, 'PU', 0),
      { ...dhlScan(tn, 'AF', 5), occurredAt: 'this morning' },
      { trackingNumber: tn, carrierCode: 'AF' },
      dhlScan(tn, 'AF', 10),
    ]);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ received: 4, applied: 2, rejected: 2 });
    expect(response.body.results).toEqual([
      { index: 0, outcome: 'applied' },
      { index: 1, outcome: 'rejected', errors: [{ field: 'occurredAt', reason: expect.any(String) }] },
      {
        index: 2,
        outcome: 'rejected',
        errors: expect.arrayContaining([
          { field: 'carrierEventId', reason: expect.any(String) },
          { field: 'occurredAt', reason: expect.any(String) },
        ]),
      },
      { index: 3, outcome: 'applied' },
    ]);
    expect((await timelineOf(suite.platform, shipment.id)).body.status).toBe('in_transit');
  });

  it('answers a single invalid scan, or a body that is no scan at all, with 400 and field errors', async () => {
    const single = await postScans(suite.platform, { ...dhlScan('WB0000000000000001', 'PU', 0), trackingNumber: 'WB1' });
    expect(single.status).toBe(400);
    expect(single.body.errors).toEqual([{ field: 'trackingNumber', reason: expect.any(String) }]);

    const notJson = await postScans(suite.platform, '[{"carrierEventId": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors).toEqual([{ field: 'body', reason: expect.stringMatching(/JSON/) }]);

    const tooMany = await postScans(suite.platform, Array.from({ length: 5001 }, () => dhlScan('WB0000000000000001', 'PU', 0)));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([{ field: 'body', reason: expect.stringMatching(/5000/) }]);
  });

  it('changes nothing when the same scans come again', async () => {
    const shipment = await registerShipment(suite.platform);
    const scans = [dhlScan(shipment.trackingNumber, 'PU', 0), dhlScan(shipment.trackingNumber, 'AF', 10)];
    await postScans(suite.platform, scans);
    const before = await trackingEvents(suite.databaseUrl, shipment.id);

    const again = await postScans(suite.platform, [...scans, scans[0]]);

    expect(again.body).toMatchObject({ applied: 0, duplicate: 3 });
    expect(await trackingEvents(suite.databaseUrl, shipment.id)).toEqual(before);
    expect((await timelineOf(suite.platform, shipment.id)).body.timeline).toHaveLength(3);
  });

  it('answers a scan as a duplicate when another transaction was storing the same carrier event for another parcel', async () => {
    // A carrier reusing an event id across two parcels, both stored at once: the scans of one
    // parcel wait for its row lock, but these two only meet on the timeline's key.
    const [first, second] = [await registerShipment(suite.platform), await registerShipment(suite.platform)];
    const scan = dhlScan(second.trackingNumber, 'PU', 0);
    const other = new Client({ connectionString: suite.databaseUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO tracking.timeline_entries (shipment_id, source_event_id, status, occurred_at)
         VALUES ($1, $2, 'picked_up', now())`,
        [first.id, `dhl:${scan.carrierEventId}`],
      );
      const posting = postScans(suite.platform, [scan]);
      // The service's insert waits on the uncommitted key; then the other transaction commits.
      await eventually(async () => {
        const [{ waiting }] = await query<{ waiting: number }>(
          suite.databaseUrl,
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%timeline_entries%'`,
        );
        expect(waiting).toBe(1);
      });
      await other.query('COMMIT');

      const answer = await posting;
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ applied: 0, duplicate: 1, results: [{ index: 0, outcome: 'duplicate' }] });
    } finally {
      await other.end();
    }
    expect((await timelineOf(suite.platform, second.id)).body.timeline).toHaveLength(1); // its registration only
  });

  it('puts a late scan in its place on the timeline without moving the status back', async () => {
    const shipment = await registerShipment(suite.platform);
    const tn = shipment.trackingNumber;
    await postScans(suite.platform, [dhlScan(tn, 'PU', 0), dhlScan(tn, 'WC', 60)]);

    const late = await postScans(suite.platform, dhlScan(tn, 'AF', 30));

    expect(late.body.results).toEqual([{ index: 0, outcome: 'applied' }]);
    const { body } = await timelineOf(suite.platform, shipment.id);
    expect(body).toMatchObject({ status: 'out_for_delivery', statusVersion: 3 });
    expect(body.timeline.map((e: { status: string }) => e.status)).toEqual(['created', 'picked_up', 'in_transit', 'out_for_delivery']);
  });

  it('keeps a delivered parcel delivered and asks for review when a scan would take it out', async () => {
    const shipment = await registerShipment(suite.platform);
    const tn = shipment.trackingNumber;
    await postScans(suite.platform, [dhlScan(tn, 'PU', 0), dhlScan(tn, 'OK', 60)]);
    const stray = dhlScan(tn, 'AF', 90);

    await postScans(suite.platform, stray);

    expect((await timelineOf(suite.platform, shipment.id)).body).toMatchObject({ status: 'delivered', statusVersion: 3 });
    const regressions = await trackingEvents(suite.databaseUrl, shipment.id, ['tracking.regression_detected']);
    expect(regressions.map((e) => e.payload)).toEqual([
      { trackingNumber: tn, currentStatus: 'delivered', attemptedStatus: 'in_transit', carrierEventId: stray.carrierEventId },
    ]);
  });

  it('puts an unknown carrier code on the timeline as unknown, keeps the status and counts it on /metrics', async () => {
    const shipment = await registerShipment(suite.platform);
    const tn = shipment.trackingNumber;
    await postScans(suite.platform, dhlScan(tn, 'PU', 0));

    const response = await postScans(suite.platform, dhlScan(tn, 'Z9', 10));

    expect(response.body.results).toEqual([{ index: 0, outcome: 'applied' }]);
    const { body } = await timelineOf(suite.platform, shipment.id);
    expect(body.status).toBe('picked_up');
    expect(body.timeline.at(-1)).toMatchObject({ status: 'unknown', carrierCode: 'Z9' });
    const metrics = await (await fetch(`${suite.platform.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/waybill_tracking_unknown_carrier_codes_total\{carrier="dhl"\} [1-9]/);
  });

  it('parks scans for a tracking number intake has not announced, and applies them when it does', async () => {
    const tn = `WB${randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()}`;
    const early = await postScans(suite.platform, [dhlScan(tn, 'PU', 0), dhlScan(tn, 'AF', 10)]);
    expect(early.body).toMatchObject({ parked: 2, applied: 0 });

    const shipmentId = await announceShipment(suite.platform, tn);

    const { body } = await eventually(async () => {
      const response = await timelineOf(suite.platform, shipmentId);
      expect(response.body?.status).toBe('in_transit');
      return response;
    });
    expect(body.timeline.map((e: { status: string }) => e.status)).toEqual(['created', 'picked_up', 'in_transit']);
    const changes = await trackingEvents(suite.databaseUrl, shipmentId, ['tracking.status_changed']);
    expect(changes.map((e) => (e.payload as { version: number }).version)).toEqual([1, 2, 3]);
    const [{ parked }] = await query<{ parked: number }>(
      suite.databaseUrl,
      `SELECT count(*)::int AS parked FROM tracking.parked_scans WHERE tracking_number = $1`,
      [tn],
    );
    expect(parked).toBe(0);
  });

  it('reports a moving shipment that has gone without scans for the configured time, once', async () => {
    const shipment = await registerShipment(suite.platform);
    await postScans(suite.platform, { ...dhlScan(shipment.trackingNumber, 'PU', 0), occurredAt: new Date().toISOString() });

    const stale = await eventually(async () => {
      const events = await trackingEvents(suite.databaseUrl, shipment.id, ['tracking.stale']);
      expect(events).toHaveLength(1);
      return events[0];
    });
    expect(stale.payload).toMatchObject({ trackingNumber: shipment.trackingNumber, status: 'picked_up' });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await trackingEvents(suite.databaseUrl, shipment.id, ['tracking.stale'])).toHaveLength(1);
  });

  it('counts a silence from the last scan: a scan after the first one delays the report, which still comes once', async () => {
    const shipment = await registerShipment(suite.platform);
    await postScans(suite.platform, { ...dhlScan(shipment.trackingNumber, 'PU', 0), occurredAt: new Date().toISOString() });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const lastScanAt = new Date();
    // The first scan's due time (1.5 s after it) stays in the row; the poller finds it due,
    // sees this later scan and waits for the real one.
    await postScans(suite.platform, { ...dhlScan(shipment.trackingNumber, 'AF', 1), occurredAt: lastScanAt.toISOString() });

    const stale = await eventually(async () => {
      const events = await trackingEvents(suite.databaseUrl, shipment.id, ['tracking.stale']);
      expect(events).toHaveLength(1);
      return events[0];
    });
    expect(stale.payload).toMatchObject({ status: 'in_transit', lastScanAt: lastScanAt.toISOString() });
    expect(Date.parse(stale.occurredAt) - lastScanAt.getTime()).toBeGreaterThanOrEqual(1_500);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await trackingEvents(suite.databaseUrl, shipment.id, ['tracking.stale'])).toHaveLength(1);
  });

  it('shows the customer status, timeline, promise, ETA and SLA state, without carrier internals', async () => {
    const shipment = await registerShipment(suite.platform);
    await postScans(suite.platform, [dhlScan(shipment.trackingNumber, 'PU', 0), dhlScan(shipment.trackingNumber, 'NH', 30)]);

    const { status, body } = await publicViewOf(suite.platform, shipment.trackingNumber);

    expect(status).toBe(200);
    expect(body).toMatchObject({
      trackingNumber: shipment.trackingNumber,
      status: 'delivery_attempt_failed',
      slaState: expect.any(String),
      promisedBy: expect.any(String),
      eta: '2030-01-08T06:30:00.000Z',
    });
    expect(body.timeline.at(-1)).toMatchObject({
      status: 'delivery_attempt_failed',
      reasonCode: 'consignee_not_home',
      description: 'Recipient not at home',
    });
    expect(JSON.stringify(body)).not.toMatch(/ada@example\.com|Ada Lovelace|carrierEventId|carrierCode/);

    const wrongToken = await getJson(`${suite.platform.baseUrl}/api/v1/tracking/${shipment.trackingNumber}?token=guess`);
    const unknown = await getJson(`${suite.platform.baseUrl}/api/v1/tracking/WB0000000000000000?token=guess`);
    expect(wrongToken.status).toBe(404);
    expect(unknown).toEqual(wrongToken);
  });

  it('answers the staff timeline with 400 for a malformed id and 404 for an untracked one', async () => {
    expect((await getJson(`${suite.platform.baseUrl}/api/v1/shipments/nope/timeline`, suite.platform.api.credentials)).status).toBe(400);
    expect((await getJson(`${suite.platform.baseUrl}/api/v1/shipments/${randomUUID()}/timeline`, suite.platform.api.credentials)).status).toBe(404);
  });

  it('documents POST /scans and the timeline in the OpenAPI document', async () => {
    const { body } = await getJson(`${suite.platform.baseUrl}/api/docs-json`);
    expect(body.paths['/api/v1/scans'].post.requestBody).toBeDefined();
    expect(body.paths['/api/v1/shipments/{id}/timeline'].get).toBeDefined();
  });
});
