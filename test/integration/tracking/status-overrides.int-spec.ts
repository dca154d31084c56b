import { randomUUID } from 'node:crypto';
import { query } from '../../support/postgres';
import { eventually } from '../../support/eventually';
import {
  CORRECTED_BY,
  cancelShipment,
  correctStatus,
  dhlScan,
  postScans,
  publicViewOf,
  registerShipment,
  timelineOf,
  trackingEvents,
  trackingSuite,
} from './tracking-harness';

jest.setTimeout(90_000);

/**
 * Statuses set outside the scans, on the real Kafka broker and PostgreSQL: intake's
 * `shipment.cancelled` travels over Kafka into tracking; staff correct a final status over HTTP.
 */
describe('tracking: cancellation and audited corrections on real Kafka and PostgreSQL', () => {
  const suite = trackingSuite('tracking_overrides', { bus: 'kafka' });

  /** A registered shipment moved by DHL scans; waits until tracking shows `status`. */
  async function shipmentAt(codes: string[], status: string) {
    const shipment = await registerShipment(suite.platform);
    const response = await postScans(
      suite.platform,
      codes.map((code, i) => dhlScan(shipment.trackingNumber, code, i * 10)),
    );
    expect(response.status).toBe(200);
    await eventually(async () => expect((await timelineOf(suite.platform, shipment.id)).body.status).toBe(status));
    return shipment;
  }

  it('cancels a shipment in tracking when intake cancels it: status cancelled, one more version, one status_changed', async () => {
    const shipment = await shipmentAt(['PU', 'AF'], 'in_transit');
    const before = (await timelineOf(suite.platform, shipment.id)).body;

    expect((await cancelShipment(suite.platform, shipment.id, 'customer changed their mind')).status).toBe(200);

    const { body } = await eventually(async () => {
      const timeline = await timelineOf(suite.platform, shipment.id);
      expect(timeline.body.status).toBe('cancelled');
      return timeline;
    });
    expect(body.statusVersion).toBe(before.statusVersion + 1);
    expect(body.timeline[body.timeline.length - 1]).toMatchObject({ status: 'cancelled', description: 'Shipment cancelled' });
    expect(body.eta).toBeNull();
    const changes = await trackingEvents(suite.databaseUrl, shipment.id, ['tracking.status_changed']);
    expect(changes[changes.length - 1].payload).toEqual({
      trackingNumber: shipment.trackingNumber,
      previousStatus: 'in_transit',
      status: 'cancelled',
      version: before.statusVersion + 1,
    });
    // Intake's read model follows tracking's event; the shipment is not stale-watched any more.
    const [row] = await query<{ stale_due_at: Date | null }>(
      suite.databaseUrl,
      `SELECT stale_due_at FROM tracking.shipments WHERE shipment_id = $1`,
      [shipment.id],
    );
    expect(row.stale_due_at).toBeNull();
  });

  it('keeps a cancelled shipment cancelled and reports every later scan that claims another status', async () => {
    const shipment = await shipmentAt(['PU', 'AF'], 'in_transit');
    await cancelShipment(suite.platform, shipment.id);
    await eventually(async () => expect((await timelineOf(suite.platform, shipment.id)).body.status).toBe('cancelled'));
    const cancelledVersion = (await timelineOf(suite.platform, shipment.id)).body.statusVersion;

    const tn = shipment.trackingNumber;
    // The carrier did not get the message: out for delivery and delivered later, plus a scan from before.
    const later = [dhlScan(tn, 'WC', 30), dhlScan(tn, 'OK', 40), dhlScan(tn, 'DF', 5)];
    const response = await postScans(suite.platform, later);
    expect(response.body).toMatchObject({ applied: 3 });

    const { body } = await timelineOf(suite.platform, shipment.id);
    expect(body).toMatchObject({ status: 'cancelled', statusVersion: cancelledVersion });
    expect(body.timeline.map((e: { carrierEventId: string }) => e.carrierEventId)).toEqual(
      expect.arrayContaining(later.map((scan) => scan.carrierEventId)),
    );
    const regressions = await trackingEvents(suite.databaseUrl, shipment.id, ['tracking.regression_detected']);
    expect(regressions.map((e) => e.payload)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ currentStatus: 'cancelled', attemptedStatus: 'out_for_delivery', carrierEventId: later[0].carrierEventId }),
        expect.objectContaining({ currentStatus: 'cancelled', attemptedStatus: 'delivered', carrierEventId: later[1].carrierEventId }),
        expect.objectContaining({ currentStatus: 'cancelled', attemptedStatus: 'in_transit', carrierEventId: later[2].carrierEventId }),
      ]),
    );
    expect(regressions).toHaveLength(3);
    const changes = await trackingEvents(suite.databaseUrl, shipment.id, ['tracking.status_changed']);
    expect(changes[changes.length - 1].payload).toMatchObject({ status: 'cancelled', version: cancelledVersion });
  });

  it('corrects a final status with an audit record, a marked status_changed and a line on the staff timeline', async () => {
    const shipment = await shipmentAt(['PU', 'AF', 'WC', 'OK'], 'delivered');
    const delivered = (await timelineOf(suite.platform, shipment.id)).body;
    const reason = 'Delivery scan was for the neighbour’s parcel; ours came back to the depot';

    const response = await correctStatus(suite.platform, shipment.id, { status: 'returned_to_sender', reason });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      shipmentId: shipment.id,
      previousStatus: 'delivered',
      status: 'returned_to_sender',
      version: delivered.statusVersion + 1,
      reason,
      correctedBy: CORRECTED_BY, // the signed-in staff member, from their token
    });
    const correctionId = response.body.id;

    const [audit] = await query<Record<string, unknown>>(
      suite.databaseUrl,
      `SELECT previous_status, status, version, reason, corrected_by, corrected_at, event_id FROM tracking.status_corrections WHERE shipment_id = $1`,
      [shipment.id],
    );
    expect(audit).toMatchObject({ previous_status: 'delivered', status: 'returned_to_sender', reason, corrected_by: CORRECTED_BY });
    expect(audit.corrected_at).toBeInstanceOf(Date);

    const changes = await trackingEvents(suite.databaseUrl, shipment.id, ['tracking.status_changed']);
    const last = changes[changes.length - 1];
    expect(last.id).toBe(audit.event_id);
    expect(last.payload).toEqual({
      trackingNumber: shipment.trackingNumber,
      previousStatus: 'delivered',
      status: 'returned_to_sender',
      version: delivered.statusVersion + 1,
      correction: { id: correctionId, by: CORRECTED_BY, reason },
    });

    const { body } = await timelineOf(suite.platform, shipment.id);
    expect(body).toMatchObject({ status: 'returned_to_sender', statusVersion: delivered.statusVersion + 1 });
    expect(body.timeline[body.timeline.length - 1]).toMatchObject({
      status: 'returned_to_sender',
      description: 'Status corrected',
      correction: { id: correctionId, previousStatus: 'delivered', status: 'returned_to_sender', reason, correctedBy: CORRECTED_BY },
    });
    // The customer sees the new status, not who corrected it or why.
    const customer = await publicViewOf(suite.platform, shipment.trackingNumber);
    expect(customer.body.status).toBe('returned_to_sender');
    expect(JSON.stringify(customer.body)).not.toContain(reason);

    // The corrected final status is as final as any: a stray delivery scan is reported, not applied.
    const stray = dhlScan(shipment.trackingNumber, 'OK', 50);
    await postScans(suite.platform, [stray]);
    expect((await timelineOf(suite.platform, shipment.id)).body.status).toBe('returned_to_sender');
    const regressions = await trackingEvents(suite.databaseUrl, shipment.id, ['tracking.regression_detected']);
    expect(regressions.map((e) => e.payload)).toEqual([
      expect.objectContaining({ currentStatus: 'returned_to_sender', attemptedStatus: 'delivered', carrierEventId: stray.carrierEventId }),
    ]);
  });

  it('lets scans move a shipment again after a correction to an active status, and a late scan cannot undo it', async () => {
    const shipment = await shipmentAt(['PU', 'AF', 'WC', 'OK'], 'delivered');
    const tn = shipment.trackingNumber;
    const corrected = await correctStatus(suite.platform, shipment.id, { status: 'in_transit', reason: 'Delivered to the wrong address; picked up again' });
    expect(corrected.status).toBe(201);

    // A second delivery scan of the wrong delivery, delayed by the carrier: it happened before the
    // correction (whose place in scan order is after every scan known when it was made).
    await postScans(suite.platform, [dhlScan(tn, 'OK', 25)]);
    expect((await timelineOf(suite.platform, shipment.id)).body).toMatchObject({ status: 'in_transit', statusVersion: corrected.body.version });

    // The real delivery, later than anything known: scans decide again.
    const nextDay = Date.UTC(2030, 0, 8, 9) - Date.UTC(2030, 0, 7, 6);
    await postScans(suite.platform, [dhlScan(tn, 'WC', nextDay / 60_000), dhlScan(tn, 'OK', nextDay / 60_000 + 30)]);
    const { body } = await timelineOf(suite.platform, shipment.id);
    expect(body).toMatchObject({ status: 'delivered', statusVersion: corrected.body.version + 2 });
  });

  it('answers 400 with {field, reason} for a bad correction, 404 for an unknown shipment, 409 unless the status is final', async () => {
    const delivered = await shipmentAt(['PU', 'OK'], 'delivered');
    const moving = await shipmentAt(['PU', 'AF'], 'in_transit');

    const cases: [unknown, string][] = [
      [{ reason: 'no status' }, 'status'],
      [{ status: 'teleported', reason: 'x' }, 'status'],
      [{ status: 'created', reason: 'back to the start' }, 'status'],
      [{ status: 'returned_to_sender' }, 'reason'],
      [{ status: 'returned_to_sender', reason: '   ' }, 'reason'],
      [{ status: 'returned_to_sender', reason: 'x'.repeat(501) }, 'reason'],
    ];
    for (const [body, field] of cases) {
      const response = await correctStatus(suite.platform, delivered.id, body);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, reason: expect.any(String) })]));
    }
    const unknownField = await correctStatus(suite.platform, delivered.id, { status: 'returned_to_sender', reason: 'x', by: 'me' });
    expect(unknownField.status).toBe(400);
    expect((await correctStatus(suite.platform, 'not-a-uuid', { status: 'delivered', reason: 'x' })).body.errors).toEqual([
      expect.objectContaining({ field: 'id' }),
    ]);

    expect((await correctStatus(suite.platform, randomUUID(), { status: 'delivered', reason: 'x' })).status).toBe(404);

    const notFinal = await correctStatus(suite.platform, moving.id, { status: 'delivered', reason: 'driver says so' });
    expect(notFinal.status).toBe(409);
    expect(notFinal.body).toMatchObject({ status: 'in_transit' });
    const same = await correctStatus(suite.platform, delivered.id, { status: 'delivered', reason: 'again' });
    expect(same.status).toBe(409);

    // None of the refused corrections changed anything.
    expect((await timelineOf(suite.platform, delivered.id)).body.status).toBe('delivered');
    expect((await timelineOf(suite.platform, moving.id)).body.status).toBe('in_transit');
    const audits = await query(suite.databaseUrl, `SELECT 1 FROM tracking.status_corrections WHERE shipment_id = ANY($1::uuid[])`, [
      [delivered.id, moving.id],
    ]);
    expect(audits).toHaveLength(0);
  });

  it('documents the correction route in the OpenAPI document', async () => {
    const response = await fetch(`${suite.platform.baseUrl}/api/docs-json`);
    const document = (await response.json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const route = document.paths['/api/v1/shipments/{id}/status-corrections'];
    expect(Object.keys(route.post.responses)).toEqual(expect.arrayContaining(['201', '400', '404', '409']));
  });
});
