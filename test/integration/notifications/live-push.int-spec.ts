import { trackingTokenFor } from '@waybill/service-kit';
import { createDatabase, query } from '../../support/postgres';
import { eventually } from '../../support/eventually';
import { startPlatform, RunningPlatform } from '../../support/platform';
import { BoardClient, trackingClient } from './support/board-client';
import { aShipment, publishOnBus, slaEvent, statusChanged } from './support/events';

jest.setTimeout(90_000);

/** The Socket.IO feeds on the platform's own HTTP server, read with a real socket.io-client. */
describe('live push over Socket.IO', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;
  const clients: BoardClient[] = [];
  const publish = (...events: Parameters<ReturnType<typeof publishOnBus>>[0]) => publishOnBus(platform.bus)(events);

  async function boardClient(filters: ConstructorParameters<typeof BoardClient>[1] = {}): Promise<BoardClient> {
    const client = new BoardClient(platform.api, filters);
    clients.push(client);
    expect(await client.connect()).toMatchObject({ ok: true, complete: true });
    return client;
  }

  beforeAll(async () => {
    database = await createDatabase('notif_live');
    delete process.env.SMTP_URL;
    process.env.BOARD_COUNTERS_MS = '200';
    platform = await startPlatform({ databaseUrl: database.url });
  });

  afterAll(async () => {
    clients.forEach((client) => client.disconnect());
    await platform?.close();
    await database?.drop();
  });

  it('pushes an SLA alert to the board after a breach', async () => {
    const board = await boardClient();
    const shipment = aShipment();
    await publish(shipment.created, slaEvent(shipment, 'sla.breached', 'breached', 'late'));
    const [alert] = await eventually(() => {
      const alerts = board.alerts(shipment.id);
      expect(alerts).toHaveLength(1);
      return alerts;
    });
    expect(alert.data).toMatchObject({
      type: 'sla.breached',
      state: 'breached',
      previousState: 'late',
      trackingNumber: shipment.trackingNumber,
      carrier: 'dhl',
      region: 'FR',
      serviceLevel: 'express',
      lateBySeconds: 3600,
    });
    // The platform's own tracking service also reports this shipment (status `created`), before
    // or after the breach: the board's latest word on it must be the breach.
    await eventually(() => {
      const updates = board.items.filter((i) => i.type === 'shipment.update' && i.data.shipmentId === shipment.id);
      expect(updates.at(-1)?.data).toMatchObject({ slaState: 'breached', status: 'created' });
    });
    const recorded = board.items.find((i) => i.type === 'notification.recorded' && i.data.shipmentId === shipment.id);
    expect(recorded?.data).toMatchObject({ kind: 'breached', channel: 'email', status: 'recorded', reason: 'channel_not_configured' });
  });

  it('reports on /metrics how long an alert took to reach every board socket, counted from the event', async () => {
    /** count and sum of the service's alert-written histogram, read from the real /metrics. */
    const alertHistogram = async () => {
      const text = await (await fetch(`${platform.baseUrl}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
      return { count: value('waybill_board_alert_written_seconds_count'), sum: value('waybill_board_alert_written_seconds_sum') };
    };
    const board = await boardClient();
    const before = await alertHistogram();
    const shipment = aShipment();
    // An alert whose event happened 5 s ago: that wait is part of what dispatchers see.
    const breach = { ...slaEvent(shipment, 'sla.breached', 'breached', 'late'), occurredAt: new Date(Date.now() - 5_000).toISOString() };
    await publish(shipment.created, breach);
    await eventually(() => expect(board.alerts(shipment.id)).toHaveLength(1));
    const after = await alertHistogram();
    expect(after.count).toBe(before.count + 1);
    expect(after.sum - before.sum).toBeGreaterThanOrEqual(5);
    expect(after.sum - before.sum).toBeLessThan(65);
  });

  it('gives a client that was disconnected during two alerts both of them when it comes back, once each', async () => {
    const board = await boardClient();
    const first = aShipment();
    const second = aShipment();
    await publish(first.created, second.created, statusChanged(first, 'in_transit', 1));
    await eventually(() => expect(board.items.some((i) => i.type === 'shipment.update' && i.data.shipmentId === first.id)).toBe(true));

    board.disconnect();
    await publish(slaEvent(first, 'sla.at_risk', 'at_risk'));
    await publish(slaEvent(second, 'sla.breached', 'breached', 'late'));
    // Both alerts are out to everyone else before the client comes back.
    const witness = await boardClient();
    await publish(statusChanged(first, 'out_for_delivery', 2));
    await eventually(() => expect(witness.items.some((i) => i.type === 'shipment.update' && i.data.status === 'out_for_delivery')).toBe(true));

    const seen = board.items.length;
    const ack = await board.connect();
    expect(ack).toMatchObject({ ok: true, complete: true });
    if (!ack.ok) return;
    expect(ack.replayed).toBeGreaterThanOrEqual(3);
    await eventually(() => {
      expect(board.alerts(first.id).map((a) => a.data.type)).toEqual(['sla.at_risk']);
      expect(board.alerts(second.id).map((a) => a.data.type)).toEqual(['sla.breached']);
    });
    const resumed = board.items.slice(seen).map((i) => i.seq);
    expect(resumed).toEqual([...resumed].sort((a, b) => a - b));
    expect(new Set(board.items.map((i) => i.seq)).size).toBe(board.items.length);
  });

  it('tells a client whose sequence number it no longer knows to reload', async () => {
    const board = new BoardClient(platform.api);
    clients.push(board);
    board.lastSeq = 5;
    board.epoch = 'old-epoch';
    expect(await board.connect()).toMatchObject({ ok: true, complete: false });
  });

  it('shows a filtered board only the shipments it follows', async () => {
    const ups = await boardClient({ carrier: 'ups' });
    const everything = await boardClient();
    const viaUps = aShipment({ carrier: 'ups' });
    const viaDhl = aShipment({ carrier: 'dhl' });
    await publish(viaUps.created, viaDhl.created);
    await publish(slaEvent(viaDhl, 'sla.breached', 'breached', 'late'), slaEvent(viaUps, 'sla.breached', 'breached', 'late'));
    await eventually(() => {
      expect(everything.alerts(viaDhl.id)).toHaveLength(1);
      expect(everything.alerts(viaUps.id)).toHaveLength(1);
      expect(ups.alerts(viaUps.id)).toHaveLength(1);
    });
    expect(ups.alerts().map((a) => a.data.carrier)).toEqual(['ups']);
    await eventually(() => {
      const counters = ups.items.filter((i) => i.type === 'board.counters');
      expect(counters.at(-1)?.data).toMatchObject({ filters: { carrier: 'ups' }, active: 1, breachedToday: 1 });
    });
  });

  it('answers a subscribe with bad filters without joining anything', async () => {
    const board = new BoardClient(platform.api, { colour: 'red' } as never);
    clients.push(board);
    expect(await board.connect()).toEqual({ ok: false, error: expect.stringContaining('filters') });
  });

  it('lets a customer follow one parcel with its token, and nobody without it', async () => {
    const shipment = aShipment();
    await publish(shipment.created);
    const token = trackingTokenFor(shipment.trackingNumber, platform.settings.trackingTokenSecret);
    const refused = await trackingClient(platform.baseUrl, { trackingNumber: shipment.trackingNumber, token: 'guess' });
    const unknown = await trackingClient(platform.baseUrl, { trackingNumber: 'WB0000000000000000', token: 'guess' });
    expect(refused.ack).toEqual({ ok: false, error: 'unknown tracking number or token' });
    expect(unknown.ack).toEqual(refused.ack);

    // The platform's own tracking service answers shipment.created with a `created` status;
    // wait until notifications has handled it (and pushed it, right after its commit), so the
    // customer's feed below holds only what this test sends.
    await eventually(async () => {
      const [row] = await query<{ status_version: number }>(
        database.url,
        'SELECT status_version FROM notifications.shipments WHERE shipment_id = $1',
        [shipment.id],
      );
      expect(row?.status_version).toBeGreaterThanOrEqual(1);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const customer = await trackingClient(platform.baseUrl, { trackingNumber: shipment.trackingNumber, token });
    expect(customer.ack).toMatchObject({ ok: true, seq: expect.any(Number) });
    const startSeq = customer.ack.ok ? customer.ack.seq : NaN;
    await publish(statusChanged(shipment, 'out_for_delivery', 1));
    await eventually(() => expect(customer.items.map((i) => i.data.status)).toEqual(['out_for_delivery']));
    expect(customer.items[0]).toMatchObject({
      seq: startSeq + 1,
      data: { trackingNumber: shipment.trackingNumber, delay: 'none' },
    });
    expect(JSON.stringify(customer.items)).not.toContain('@example.com');
    expect(refused.items).toEqual([]);

    // Back after missing an update: it is replayed.
    customer.socket.disconnect();
    await publish(slaEvent(shipment, 'sla.at_risk', 'at_risk'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const back = await trackingClient(platform.baseUrl, {
      trackingNumber: shipment.trackingNumber,
      token,
      lastSeq: startSeq + 1,
      epoch: customer.ack.ok ? customer.ack.epoch : undefined,
    });
    expect(back.ack).toMatchObject({ ok: true, replayed: 1, complete: true });
    expect(back.items.map((i) => [i.seq, i.data.delay])).toEqual([[startSeq + 2, 'possible']]);
    [refused, unknown, back].forEach((c) => c.socket.disconnect());
  });
});
