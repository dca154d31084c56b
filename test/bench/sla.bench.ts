// `npm run bench sla`: durable deadlines and the SLA summary at scale, on real PostgreSQL.
//   1. 1,000,000 active shipments with pending deadlines, 100,000 of them due within one minute,
//      fired by two poller instances (the real DeadlinePoller, default settings): lateness from
//      due time to the sla.late row being visible in the outbox, misses, duplicates, peak RSS.
//   2. GET /api/v1/sla/summary (the real HTTP route) over 1,000,000 shipments with outcomes, read
//      from the summary rollup; checked equal to, and timed against, the raw-row reference query.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Outbox } from '@waybill/messaging';
import { dataSourceOptions, ensureSchema } from '@waybill/service-kit';
import { DeadlinePoller, loadSlaConfig, SLA_ENTITIES, SLA_MIGRATIONS } from '@waybill/sla-monitor';
import { createDatabase } from '../support/postgres';
import { referenceSummary } from '../integration/sla/reference-summary';
import { startSlaMonitor } from '../integration/sla/sla-test-kit';
import { latencySummary, report, round, runBenchmark, trackPeakMemory } from './bench-kit';

const ACTIVE = 1_000_000;
const DUE_SOON = 100_000;
const HISTORY = 1_000_000;
const DUE_WINDOW_MS = 60_000;
const POLLERS = 2;

const log = (message: string) => console.error(`[sla.bench] ${message}`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function openDataSource(url: string, name: string): Promise<DataSource> {
  const options = dataSourceOptions({ name, schema: 'sla', url, entities: SLA_ENTITIES, migrations: SLA_MIGRATIONS });
  return new DataSource(options).initialize();
}

/** Ids in insertion order keep the primary key's B-tree appending: seeding a million rows stays fast. */
const sequentialId = (prefix: string) => `('${prefix}0000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid`;

async function seedPending(ds: DataSource): Promise<void> {
  // Pending deadlines beyond the window: the cut-off of promises 9 h to 7 days away.
  await ds.query(
    `INSERT INTO sla.deadlines (shipment_id, tracking_number, promised_by, due_at, state, service_level, carrier,
       region, created_at, last_scan_at, status, status_version)
     SELECT ${sequentialId('a')}, 'WB' || lpad(i::text, 16, '0'), p, p - interval '8 hours', 'on_track',
       (ARRAY['same_day','next_day','express','standard','economy'])[1 + i % 5], 'carrier-' || (i % 7),
       (ARRAY['FR','DE','IT','ES','NL','BE','PL','PT','AT','SE'])[1 + i % 10], now(), now(), 'in_transit', 2
     FROM (SELECT i, now() + interval '9 hours' + random() * interval '7 days' AS p
           FROM generate_series(1, $1::int) AS i) AS t`,
    [ACTIVE - DUE_SOON],
  );
}

async function seedDueSoon(ds: DataSource, dueFrom: Date): Promise<void> {
  // Already at risk, their promise falls inside the window: each fires sla.late exactly once.
  await ds.query(
    `INSERT INTO sla.deadlines (shipment_id, tracking_number, promised_by, due_at, state, at_risk_reason,
       service_level, carrier, region, created_at, last_scan_at, first_at_risk_at, status, status_version)
     SELECT ${sequentialId('b')}, 'WS' || lpad(i::text, 16, '0'), p, p, 'at_risk', 'not_out_for_delivery_by_cutoff',
       'express', 'carrier-' || (i % 7), 'FR', now(), now(), now(), 'in_transit', 2
     FROM (SELECT i, $2::timestamptz + ($3::float8 * i / $1::int) * interval '1 millisecond' AS p
           FROM generate_series(1, $1::int) AS i) AS t`,
    [DUE_SOON, dueFrom, DUE_WINDOW_MS],
  );
}

async function seedHistory(ds: DataSource): Promise<void> {
  // A year of closed shipments: 80 % met, 10 % delivered late, 10 % breached; some were warned.
  await ds.query(
    `INSERT INTO sla.deadlines (shipment_id, tracking_number, promised_by, state, service_level, carrier, region,
       created_at, status, status_version, late_by_seconds, first_attempt_at, first_attempt_delivered, delivered_at,
       first_at_risk_at, at_risk_reason, breached_at, closed_at)
     SELECT ${sequentialId('c')}, 'WH' || lpad(i::text, 16, '0'), p, o,
       (ARRAY['same_day','next_day','express','standard','economy'])[1 + i % 5], 'carrier-' || (i % 7),
       (ARRAY['FR','DE','IT','ES','NL','BE','PL','PT','AT','SE'])[1 + i % 10], p - interval '3 days',
       CASE WHEN o = 'breached' THEN 'in_transit' ELSE 'delivered' END, 5,
       CASE o WHEN 'met' THEN 0 WHEN 'delivered_late' THEN (60 + r2 * 86400)::int ELSE (7200 + r2 * 200000)::int END,
       a, CASE WHEN o <> 'breached' THEN r2 < 0.9 END, CASE WHEN o <> 'breached' THEN a END,
       CASE WHEN (o = 'breached' AND r2 < 0.7) OR (o = 'delivered_late' AND r2 < 0.5) OR (o = 'met' AND r2 < 0.05)
         THEN p - r2 * interval '10 hours' END,
       (ARRAY['not_out_for_delivery_by_cutoff','no_scan_too_long','exception','delivery_attempt_failed','eta_past_promise'])[1 + i % 5],
       CASE WHEN o = 'breached' THEN p + interval '2 hours' END,
       CASE WHEN o <> 'breached' THEN a END
     FROM (
       SELECT *, CASE o WHEN 'met' THEN p - r2 * interval '6 hours'
                        WHEN 'delivered_late' THEN p + (60 + r2 * 86400) * interval '1 second' END AS a
       FROM (
         SELECT *, CASE WHEN r1 < 0.8 THEN 'met' WHEN r1 < 0.9 THEN 'delivered_late' ELSE 'breached' END AS o
         FROM (
           SELECT i, now() - interval '1 day' - random() * interval '364 days' AS p, random() AS r1, random() AS r2
           FROM generate_series(1, $1::int) AS i
         ) AS drawn
       ) AS outcome
     ) AS attempt`,
    [HISTORY],
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const database = await createDatabase('sla_bench');
  await ensureSchema(database.url, 'sla');
  const setup = await openDataSource(database.url, 'sla-bench-setup');
  log(`seeding ${ACTIVE.toLocaleString()} active and ${HISTORY.toLocaleString()} closed shipments…`);
  const seeding = Date.now();
  // Bulk load without the secondary indexes, then build them once (as a restore would).
  const indexes: { indexdef: string; indexname: string }[] = await setup.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'sla' AND tablename = 'deadlines'
       AND indexname <> 'deadlines_pkey'`,
  );
  for (const index of indexes) await setup.query(`DROP INDEX sla."${index.indexname}"`);
  // Likewise without the summary triggers: the rollup is rebuilt once afterwards (the backfill).
  await setup.query('ALTER TABLE sla.deadlines DISABLE TRIGGER USER');
  await seedHistory(setup);
  await seedPending(setup);
  await setup.query('ALTER TABLE sla.deadlines ENABLE TRIGGER USER');
  for (const index of indexes) await setup.query(index.indexdef);
  const rebuilding = Date.now();
  await setup.query('SELECT sla.summary_rebuild()');
  const rebuildMs = Date.now() - rebuilding;
  await setup.query('VACUUM ANALYZE sla.deadlines');
  await setup.query('VACUUM ANALYZE sla.summary_rollup');
  const dueFrom = new Date(Date.now() + 20_000);
  await seedDueSoon(setup, dueFrom);
  log(`seeded in ${seconds(seeding)}; first deadline due in ${((dueFrom.getTime() - Date.now()) / 1000).toFixed(1)} s`);
  if (dueFrom.getTime() < Date.now() + 2000) throw new Error('seeding took longer than the lead time: raise it');

  // --- firing ---------------------------------------------------------------------------------
  const config = loadSlaConfig({ SLA_BREACH_GRACE_SECONDS: '7200' });
  const pollerSources = await Promise.all(
    Array.from({ length: POLLERS }, (_, i) => openDataSource(database.url, `sla-bench-poller-${i}`)),
  );
  const memory = trackPeakMemory();
  const pollers = pollerSources.map((ds) => new DeadlinePoller(ds, new Outbox('sla'), config));
  pollers.forEach((poller) => poller.onApplicationBootstrap());

  // An independent observer: when each sla.late row became visible (committed) in the outbox.
  const lateness: number[] = [];
  const perShipment = new Map<string, number>();
  let lastId = '0';
  const ROWS_PER_LOOK = 20; // outbox rows of up to 1,000 events each
  const watchUntil = dueFrom.getTime() + DUE_WINDOW_MS + 30_000;
  while (Date.now() < watchUntil && perShipment.size < DUE_SOON) {
    // Whole outbox rows: a row's messages commit together, so the cursor is the row id.
    const ids: string[] = (
      await setup.query(`SELECT id FROM sla.outbox WHERE id > $1 ORDER BY id LIMIT $2`, [lastId, ROWS_PER_LOOK])
    ).map((row: { id: string }) => row.id);
    const rows: { key: string; occurred_at: string }[] = ids.length
      ? await setup.query(
          `SELECT key, convert_from(value, 'UTF8')::jsonb->>'occurredAt' AS occurred_at FROM sla.outbox_messages
           WHERE id = ANY($1::bigint[]) AND headers->>'event-type' = 'sla.late'`,
          [ids],
        )
      : [];
    const seenAt = Date.now();
    for (const row of rows) {
      lateness.push(seenAt - Date.parse(row.occurred_at));
      perShipment.set(row.key, (perShipment.get(row.key) ?? 0) + 1);
    }
    if (ids.length > 0) lastId = ids[ids.length - 1];
    if (ids.length < ROWS_PER_LOOK) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 2000)); // let a duplicate, if any, show up
  await Promise.all(pollers.map((poller) => poller.beforeApplicationShutdown()));
  const peakMiB = memory.stop();

  const [counts] = await setup.query(
    `SELECT count(*)::int AS events, count(DISTINCT key)::int AS shipments,
       count(*) FILTER (WHERE headers->>'event-type' <> 'sla.late')::int AS other
     FROM sla.outbox_messages`,
  );
  const [{ due_soon }] = await setup.query(
    `SELECT count(*)::int AS due_soon FROM sla.deadlines WHERE tracking_number LIKE 'WS%' AND state = 'late'`,
  );
  const [{ still_due }] = await setup.query(
    `SELECT count(*)::int AS still_due FROM sla.deadlines WHERE due_at <= now()`,
  );
  const firing = latencySummary(lateness);
  report('SLA deadlines: 1,000,000 active, 100,000 due within one minute', {
    'poller instances': `${POLLERS} (poll ${config.pollIntervalMs} ms, batch ${config.pollBatchSize})`,
    'sla.late events': counts.events,
    'firing lateness p50 (ms)': firing.p50,
    'firing lateness p99 (ms)': firing.p99,
    'firing lateness max (ms)': firing.max,
    misses: DUE_SOON - Math.min(due_soon, counts.shipments),
    duplicates: counts.events - counts.shipments,
    'events for deadlines not yet due': counts.other,
    'deadlines left due': still_due,
    'peak RSS (MiB)': peakMiB,
  });
  await Promise.all(pollerSources.map((ds) => ds.destroy()));

  // --- summary over 1,000,000 shipments ------------------------------------------------------
  process.env.SLA_POLL_MS = '60000'; // the poller has nothing to do here; keep it out of the timing
  const monitor = await startSlaMonitor(database.url);
  // The due-soon rows' deltas are folded by the monitor's folder within a second of its start.
  while ((await setup.query('SELECT count(*)::int AS n FROM sla.summary_deltas'))[0].n > 0) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const [{ buckets }] = await setup.query('SELECT count(*)::int AS buckets FROM sla.summary_rollup');
  // Partial days at both ends: read from the shipments, the whole days in between from the rollup.
  const from = new Date(Date.now() - 366 * 86400_000).toISOString();
  const to = new Date().toISOString();
  const timings: Record<string, number | string> = {
    'rollup rebuild (backfill) of 1.9 M rows (ms)': rebuildMs,
    'rollup buckets (day × service level × carrier × region)': buckets,
  };
  let shipments = 0;
  for (const groupBy of ['', 'day', 'serviceLevel', 'carrier', 'region'] as const) {
    const url = `${monitor.baseUrl}/api/v1/sla/summary?from=${from}&to=${to}${groupBy ? `&groupBy=${groupBy}` : ''}`;
    const samples: number[] = [];
    let body: any;
    for (let run = 0; run < 6; run++) {
      const t0 = performance.now();
      const response = await fetch(url, { headers: monitor.ops });
      body = await response.json();
      samples.push(performance.now() - t0);
      if (response.status !== 200) throw new Error(`summary answered ${response.status}: ${JSON.stringify(body)}`);
      shipments = body.total.shipments;
    }
    const summary = latencySummary(samples.slice(1)); // the first run warms the cache
    const name = `summary${groupBy ? ` groupBy=${groupBy}` : ''}`;
    timings[`${name} p50 / max (ms)`] = `${summary.p50} / ${summary.max}`;
    // The same figures from every raw row, as the endpoint computed them before the rollup.
    const t0 = performance.now();
    const reference = await referenceSummary(database.url, { from, to, ...(groupBy ? { groupBy } : {}) });
    timings[`${name}: raw-row reference query (ms)`] = round(performance.now() - t0);
    const { total, groups } = body;
    if (JSON.stringify({ total, groups }) !== JSON.stringify(reference)) {
      throw new Error(`${name} differs from the raw-row reference`);
    }
    timings[`${name}: equals the reference`] = 'yes';
  }
  // A year of breaches as CSV: streamed through a cursor, so the process's memory stays flat.
  const csvMemory = trackPeakMemory();
  const rssBefore = round(process.memoryUsage().rss / 2 ** 20);
  const t0 = performance.now();
  const response = await fetch(`${monitor.baseUrl}/api/v1/sla/breaches?format=csv&from=${from}&to=${to}`, { headers: monitor.ops });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  const csvMs = performance.now() - t0;
  report('SLA reports over 1,000,000 shipments (HTTP, real route)', {
    'shipments in range': shipments,
    ...timings,
    'CSV export: breaches': lines - 1,
    'CSV export: MiB': round(bytes / 2 ** 20),
    'CSV export: time (ms)': round(csvMs),
    'CSV export: RSS before / peak (MiB)': `${rssBefore} / ${csvMemory.stop()}`,
  });
  await monitor.close();
  await setup.destroy();
  await database.drop();
  log(`done in ${seconds(started)}`);
}

runBenchmark(main);
