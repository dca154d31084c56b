import 'reflect-metadata';
import { DataSource, EntityManager } from 'typeorm';
import { Scan, ScanSchema } from '@waybill/contracts';
import { Outbox } from '@waybill/messaging';
import { TrackingModule } from '@waybill/tracking';
import { ScanIngestionService } from '../../services/tracking/src/scans/scan-ingestion.service';
import { loadTrackingConfig } from '../../services/tracking/src/tracking.config';
import { createDatabase } from '../support/postgres';
import { machineReferenceMs, report, round, runBenchmark, trackCpuByKind } from './bench-kit';
import { interleaved, parcelLives, parcels } from './scan-workload';

/**
 * Scan ingestion's database work alone: the tracking benchmark's 60,000 scans (6,000 parcels × 10,
 * in the order its feed sends them) replayed through `ScanIngestionService` in 2,000-scan
 * transactions on one connection. No Kafka, no relay, no other process competing for the cores:
 * Postgres' CPU per scan and the time of each kind of statement come out far steadier than from
 * the end-to-end run (±5 % against ±20 %), in ~15 s. For changes to ingestion's SQL and schema.
 */

const SHIPMENTS = Number(process.env.BENCH_REPLAY_SHIPMENTS ?? 6_000);
const CHUNK = 2_000;

/** The manager the service writes through, timing each statement by its first words. */
function timedManager(manager: EntityManager, spentMs: Map<string, number>): EntityManager {
  const query = async (sql: string, parameters?: unknown[]) => {
    const started = performance.now();
    try {
      return await manager.query(sql, parameters);
    } finally {
      const kind = sql.trim().split(/\s+/).slice(0, 3).join(' ');
      spentMs.set(kind, (spentMs.get(kind) ?? 0) + performance.now() - started);
    }
  };
  return new Proxy(manager, { get: (target, property) => (property === 'query' ? query : Reflect.get(target, property)) });
}

async function main() {
  const database = await createDatabase('tracking_pg_bench');
  const dataSource = new DataSource({
    type: 'postgres',
    url: database.url,
    entities: TrackingModule.database.entities,
    migrations: TrackingModule.database.migrations,
    extra: { max: 1 },
  });
  try {
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA tracking`);
    await dataSource.runMigrations();
    const workload = parcels('P', SHIPMENTS);
    await dataSource.query(
      `INSERT INTO tracking.shipments (shipment_id, tracking_number, status, status_version, sla_state, service_level,
         carrier, promised_by, destination_city, destination_country, created_at, updated_at, eta)
       SELECT gen_random_uuid(), tn, 'created', 1, 'on_track', 'standard', 'dhl', now() + interval '3 days',
         'Paris', 'FR', now(), now(), now() + interval '3 days'
       FROM unnest($1::text[]) AS tn`,
      [workload.trackingNumbers],
    );
    const scans: Scan[] = interleaved(parcelLives(workload)).map((scan) => ScanSchema.parse(scan));
    const ingestion = new ScanIngestionService(new Outbox('tracking'), loadTrackingConfig());
    await dataSource.query(`CHECKPOINT`);

    const referenceBefore = machineReferenceMs();
    const spentMs = new Map<string, number>();
    const cpu = trackCpuByKind((pid, command) =>
      pid === process.pid ? 'service' : command.includes('postgres') ? 'postgres' : undefined,
    );
    const started = performance.now();
    for (let i = 0; i < scans.length; i += CHUNK) {
      await dataSource.transaction((manager) => ingestion.ingest(timedManager(manager, spentMs), scans.slice(i, i + CHUNK)));
    }
    const elapsedMs = performance.now() - started;
    const used = cpu.stop();
    const referenceAfter = machineReferenceMs();

    const [check] = await dataSource.query(`SELECT count(*)::int AS delivered FROM tracking.shipments WHERE status = 'delivered'`);
    const perScan = (ms: number) => round((ms * 1000) / scans.length);
    report('tracking: scan ingestion replayed on Postgres alone (one connection, 2,000-scan transactions)', {
      scans: scans.length,
      'wall µs per scan': perScan(elapsedMs),
      'CPU µs per scan: Postgres / this process': `${perScan((used.postgres ?? 0) * 1000)} / ${perScan((used.service ?? 0) * 1000)}`,
      ...Object.fromEntries(
        [...spentMs].sort((a, b) => b[1] - a[1]).map(([kind, ms]) => [`wall µs per scan in "${kind} …"`, perScan(ms)]),
      ),
      'machine reference before / after, ms (lower is faster)': `${round(referenceBefore, 0)} / ${round(referenceAfter, 0)}`,
      'delivered parcels (check)': check.delivered,
    });
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  }
}

runBenchmark(main);
