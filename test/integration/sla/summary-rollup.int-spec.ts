import { EventEnvelope, newEvent } from '@waybill/contracts';
import { SummaryRollupFolder } from '@waybill/sla-monitor';
import { createDatabase, query } from '../../support/postgres';
import { eventually } from '../../support/eventually';
import { referenceSummary, SummaryFilters } from './reference-summary';
import { aCreatedEvent, aStatusChange, getFromMonitor, publish, RunningSlaMonitor, startSlaMonitor } from './sla-test-kit';

jest.setTimeout(120_000);

/** A small deterministic generator, so a failing data set can be reproduced. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return { next, pick, chance: (p: number) => next() < p };
}

const DAYS = ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07'];

/** An ISO timestamp with microseconds: the summary's day split must hold to the microsecond. */
function isoMicros(ms: number, micros: number): string {
  return new Date(ms).toISOString().replace('Z', `${String(micros).padStart(3, '0')}Z`);
}

interface Row {
  shipment_id: string;
  promised_by: string | null;
  state: string;
  service_level: string;
  carrier: string | null;
  region: string;
  late_by_seconds: number | null;
  first_attempt_delivered: boolean | null;
  delivered_at: string | null;
  first_at_risk_at: string | null;
}

/** Shipments in every state, with ties, bin edges, midnight promises and the odd null. */
function variedShipments(count: number, seed: number): Row[] {
  const r = random(seed);
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const dayStart = Date.parse(`${r.pick(DAYS)}T00:00:00Z`);
    const offsetMs = r.chance(0.05) ? r.pick([0, 86_400_000 - 1]) : Math.floor(r.next() * 86_400_000);
    const promisedMs = dayStart + offsetMs;
    const promised = isoMicros(promisedMs, r.chance(0.05) ? r.pick([0, 999]) : Math.floor(r.next() * 1000));
    const state = r.pick(['met', 'met', 'met', 'delivered_late', 'breached', 'breached', 'on_track', 'at_risk', 'late']);
    const missed = state === 'delivered_late' || state === 'breached';
    let lateBy: number | null = null;
    if (missed && !r.chance(0.04)) {
      lateBy = r.chance(0.3) ? r.pick([0, 59, 60, 3600, 7200, 86_400, 90_000]) : Math.floor(r.next() * 400_000);
    } else if (state === 'met') lateBy = r.chance(0.5) ? 0 : null;
    const delivered = state === 'met' || state === 'delivered_late' ? r.chance(0.95) : state === 'breached' && r.chance(0.3);
    const alerted = r.chance(0.4);
    // Mostly warned before the promise; sometimes after it (not a warning), sometimes to the microsecond.
    const warnedBeforeMs = r.chance(0.85) ? Math.floor(r.next() * 40 * 3_600_000) : -Math.floor(r.next() * 3_600_000);
    rows.push({
      shipment_id: `00000000-0000-4000-8000-${(seed * 100_000 + i).toString(16).padStart(12, '0')}`,
      promised_by: r.chance(0.02) ? null : promised,
      state,
      service_level: r.pick(['express', 'standard', 'economy']),
      carrier: r.chance(0.02) ? null : r.pick(['acme', 'zeta', 'bolt']),
      region: r.pick(['FR', 'DE', 'IT']),
      late_by_seconds: lateBy,
      first_attempt_delivered: delivered ? r.chance(0.8) : r.chance(0.1) ? false : null,
      delivered_at: delivered ? new Date(promisedMs + 3_600_000).toISOString() : null,
      first_at_risk_at: alerted ? isoMicros(promisedMs - warnedBeforeMs, Math.floor(r.next() * 1000)) : null,
    });
  }
  return rows;
}

async function insertShipments(databaseUrl: string, rows: Row[]): Promise<void> {
  await query(
    databaseUrl,
    `INSERT INTO sla.deadlines (shipment_id, tracking_number, promised_by, state, service_level, carrier, region,
       late_by_seconds, first_attempt_delivered, delivered_at, first_at_risk_at, created_at)
     SELECT shipment_id, 'WB' || upper(substr(md5(shipment_id::text), 1, 16)), promised_by, state, service_level,
       carrier, region, late_by_seconds, first_attempt_delivered, delivered_at, first_at_risk_at, now()
     FROM jsonb_to_recordset($1::jsonb) AS v(shipment_id uuid, promised_by timestamptz, state text,
       service_level text, carrier text, region text, late_by_seconds int, first_attempt_delivered boolean,
       delivered_at timestamptz, first_at_risk_at timestamptz)`,
    [JSON.stringify(rows)],
  );
}

const RANGES: Omit<SummaryFilters, 'groupBy'>[] = [
  {},
  { from: '2025-03-02T00:00:00Z', to: '2025-03-06T00:00:00Z' },
  { from: '2025-03-01T10:30:00Z', to: '2025-03-05T05:00:00Z' },
  { from: '2025-03-03T02:00:00+02:00', to: '2025-03-07T23:00:00+02:00' },
  { from: '2025-03-04T06:00:00Z', to: '2025-03-04T18:00:00Z' },
  { from: '2025-03-04T22:00:00Z', to: '2025-03-05T02:00:00Z' },
  { from: '2025-03-03T00:00:00.000001Z', to: '2025-03-05T23:59:59.999999Z' },
  { from: '2025-03-05T12:00:00Z' },
  { to: '2025-03-03T12:00:00Z' },
  { from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' },
];
const FILTERS: Omit<SummaryFilters, 'groupBy' | 'from' | 'to'>[] = [
  {},
  { carrier: 'acme' },
  { serviceLevel: 'express', region: 'DE' },
];
const GROUPS: SummaryFilters['groupBy'][] = [undefined, 'day', 'serviceLevel', 'carrier', 'region'];

const CASES: SummaryFilters[] = GROUPS.flatMap((groupBy) =>
  RANGES.flatMap((range) => FILTERS.map((filter) => ({ ...range, ...filter, ...(groupBy ? { groupBy } : {}) }))),
);

const queryString = (filters: SummaryFilters) =>
  Object.entries(filters)
    .map(([name, value]) => `${name}=${encodeURIComponent(value as string)}`)
    .join('&');

/** GET /sla/summary from the rollup equals the summary computed from every raw row, for every case. */
async function expectRollupToMatchReference(monitor: RunningSlaMonitor, databaseUrl: string): Promise<void> {
  const mismatches: string[] = [];
  let withPercentiles = 0;
  for (const filters of CASES) {
    const { status, body } = await getFromMonitor(monitor, `/api/v1/sla/summary?${queryString(filters)}`);
    expect(status).toBe(200);
    const expected = {
      from: filters.from ?? null,
      to: filters.to ?? null,
      groupBy: filters.groupBy ?? null,
      ...(await referenceSummary(databaseUrl, filters)),
    };
    if (JSON.stringify(body) !== JSON.stringify(expected)) mismatches.push(queryString(filters));
    else if (expected.total.p90LatenessSeconds !== null && expected.total.medianWarningSeconds !== null) withPercentiles++;
  }
  expect(mismatches).toEqual([]);
  // The cases exercise the percentiles, not just empty ranges.
  expect(withPercentiles).toBeGreaterThan(CASES.length / 2);
}

const deltaCount = async (databaseUrl: string) =>
  Number((await query<{ n: string }>(databaseUrl, 'SELECT count(*) AS n FROM sla.summary_deltas'))[0].n);
const fold = (databaseUrl: string) => query(databaseUrl, 'SELECT sla.summary_fold()');

/** The rollup's non-empty buckets, in a stable order, to compare a folded rollup with a rebuilt one. */
const rollupRows = (databaseUrl: string) =>
  query(
    databaseUrl,
    `SELECT * FROM sla.summary_rollup WHERE shipments <> 0
     ORDER BY day, service_level NULLS FIRST, carrier NULLS FIRST, region NULLS FIRST`,
  );

describe('the SLA summary reads a rollup maintained with every change to sla.deadlines', () => {
  let database: { url: string; drop(): Promise<void> };
  let monitor: RunningSlaMonitor;

  beforeAll(async () => {
    database = await createDatabase('sla_summary_rollup');
    monitor = await startSlaMonitor(database.url);
    // The tests fold when they choose: the deltas not folded yet must count all the same.
    await monitor.app.get(SummaryRollupFolder).beforeApplicationShutdown();
  });

  afterAll(async () => {
    await monitor?.close();
    await database?.drop();
  });

  it('backfills shipments that were there before the migration', async () => {
    // The migration ran on an empty table; a rebuild is what it runs over existing rows.
    await query(database.url, 'ALTER TABLE sla.deadlines DISABLE TRIGGER USER');
    await insertShipments(database.url, variedShipments(400, 1));
    await query(database.url, 'ALTER TABLE sla.deadlines ENABLE TRIGGER USER');
    expect(await deltaCount(database.url)).toBe(0);
    await query(database.url, 'SELECT sla.summary_rebuild()');
    const { body } = await getFromMonitor(monitor, '/api/v1/sla/summary');
    expect(body.total).toEqual((await referenceSummary(database.url, {})).total);
    expect(body.total.shipments).toBeGreaterThan(350);
  });

  it('equals the summary computed from the raw rows, before and after the deltas are folded', async () => {
    await insertShipments(database.url, variedShipments(2500, 2));
    expect(await deltaCount(database.url)).toBeGreaterThan(2000);
    await expectRollupToMatchReference(monitor, database.url);

    await fold(database.url);
    expect(await deltaCount(database.url)).toBe(0);
    await expectRollupToMatchReference(monitor, database.url);
  });

  it('follows outcomes, lateness, alerts, dimensions and promises that change, and rows that go', async () => {
    const ids = (where: string, limit: number) =>
      `SELECT shipment_id FROM sla.deadlines WHERE ${where} ORDER BY md5(shipment_id::text) LIMIT ${limit}`;
    const changes = [
      `UPDATE sla.deadlines SET state = 'breached', late_by_seconds = 7200 + extract(minute FROM promised_by)::int * 61,
         breached_at = promised_by + interval '2 hours' WHERE shipment_id IN (${ids(`state IN ('late', 'at_risk')`, 60)})`,
      // Delivered after the breach: the lateness moves to the first attempt, the state stays.
      `UPDATE sla.deadlines SET late_by_seconds = late_by_seconds + 5000, delivered_at = promised_by + interval '9 hours',
         first_attempt_delivered = true WHERE shipment_id IN (${ids(`state = 'breached' AND delivered_at IS NULL`, 40)})`,
      `UPDATE sla.deadlines SET state = 'met', late_by_seconds = 0, delivered_at = promised_by - interval '1 hour',
         first_attempt_delivered = false WHERE shipment_id IN (${ids(`state = 'on_track'`, 50)})`,
      `UPDATE sla.deadlines SET first_at_risk_at = promised_by - interval '3 hours 7 minutes 0.000123 seconds'
         WHERE shipment_id IN (${ids('first_at_risk_at IS NULL', 80)})`,
      `UPDATE sla.deadlines SET carrier = 'acme', region = 'DE', service_level = 'express'
         WHERE shipment_id IN (${ids(`carrier <> 'acme'`, 40)})`,
      `UPDATE sla.deadlines SET promised_by = promised_by + interval '1 day 3 hours' WHERE shipment_id IN (${ids('true', 60)})`,
      `UPDATE sla.deadlines SET promised_by = timestamptz '2025-03-04 23:59:59.999999+00'
         WHERE shipment_id IN (${ids('promised_by IS NULL', 20)})`,
      `UPDATE sla.deadlines SET promised_by = NULL WHERE shipment_id IN (${ids('promised_by IS NOT NULL', 5)})`,
      `DELETE FROM sla.deadlines WHERE shipment_id IN (${ids('true', 50)})`,
    ];
    for (const change of changes) await query(database.url, change);
    await expectRollupToMatchReference(monitor, database.url);

    await fold(database.url);
    await expectRollupToMatchReference(monitor, database.url);
    // The folded rollup is what a rebuild from scratch computes.
    const folded = await rollupRows(database.url);
    await query(database.url, 'SELECT sla.summary_rebuild()');
    expect(await rollupRows(database.url)).toEqual(folded);
  });

  it('adds nothing for writes that move no summary figure', async () => {
    const before = await deltaCount(database.url);
    await query(database.url, `UPDATE sla.deadlines SET last_scan_at = now(), due_at = now() + interval '1 day'`);
    await query(database.url, `UPDATE sla.deadlines SET state = 'late' WHERE state IN ('on_track', 'at_risk')`);
    await query(database.url, `UPDATE sla.deadlines SET state = state, late_by_seconds = late_by_seconds`);
    expect(await deltaCount(database.url)).toBe(before);
  });

  it('counts each transition once when events are redelivered', async () => {
    const carrier = 'redelivered';
    const promisedBy = new Date(Date.now() + 24 * 3_600_000).toISOString();
    const created = aCreatedEvent({ carrier, promisedBy });
    const stateOf = async () =>
      (await query<{ state: string; status_version: number; eta: Date | null }>(
        database.url,
        'SELECT state, status_version, eta FROM sla.deadlines WHERE shipment_id = $1',
        [created.shipmentId],
      ))[0];
    const summary = async () => (await getFromMonitor(monitor, `/api/v1/sla/summary?carrier=${carrier}`)).body.total;

    const start = await deltaCount(database.url);
    await publish(monitor.bus, created);
    await eventually(async () => expect(await stateOf()).toMatchObject({ state: 'on_track' }));
    expect(await deltaCount(database.url)).toBe(start + 1);

    // A scan that changes no figure, then the delivery: one −/+ pair for met.
    const inTransit = aStatusChange(created, 'in_transit', 2);
    const delivered = aStatusChange(created, 'delivered', 3);
    await publish(monitor.bus, inTransit, delivered);
    await eventually(async () => expect(await stateOf()).toMatchObject({ state: 'met', status_version: 3 }));
    expect(await deltaCount(database.url)).toBe(start + 3);

    // The same envelopes again (a Kafka redelivery), a repeat of the delivery under a new id, and
    // then an ETA as a marker that everything before it on this shipment was handled.
    const repeated = newEvent('tracking.status_changed', created.shipmentId, delivered.payload, { source: 'tracking' });
    const marker: EventEnvelope<'tracking.eta_updated'> = newEvent(
      'tracking.eta_updated',
      created.shipmentId,
      { trackingNumber: created.payload.trackingNumber, eta: promisedBy, previousEta: null },
      { source: 'tracking' },
    );
    await publish(monitor.bus, created, inTransit, delivered, repeated, marker);
    await eventually(async () => expect((await stateOf()).eta).not.toBeNull());
    expect(await deltaCount(database.url)).toBe(start + 3);
    expect(await summary()).toEqual((await referenceSummary(database.url, { carrier })).total);
    expect(await summary()).toMatchObject({ shipments: 1, met: 1, onTimeRate: 1, firstAttemptDeliveryRate: 1 });

    await fold(database.url);
    expect(await summary()).toMatchObject({ shipments: 1, met: 1 });
  });
});
