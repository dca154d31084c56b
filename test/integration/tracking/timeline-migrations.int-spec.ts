import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreateTrackingTables1764320000001 } from '../../../services/tracking/src/migrations/1764320000001-create-tracking-tables';
import { ScanIngestion1764400000000 } from '../../../services/tracking/src/migrations/1764400000000-scan-ingestion';
import { StatusOverrides1764600000000 } from '../../../services/tracking/src/migrations/1764600000000-status-overrides';
import { TimelineKeyedBySourceEvent1766200000000 } from '../../../services/tracking/src/migrations/1766200000000-timeline-keyed-by-source-event';
import { TimelineWithoutShipmentFk1766300000000 } from '../../../services/tracking/src/migrations/1766300000000-timeline-without-shipment-fk';
import { createDatabase } from '../../support/postgres';

jest.setTimeout(60_000);

/**
 * The timeline's later migrations, in order, on a real PostgreSQL:
 * - 1766200000000 moves its key from a bigserial `id` to its dedupe key `source_event_id`:
 *   existing entries keep their data, a duplicate key is still refused, and `down` gives every
 *   entry an `id` back;
 * - 1766300000000 drops the foreign key to `tracking.shipments` (ingestion holds the shipment's
 *   row instead), and `down` restores it over the entries already there.
 */
describe('timeline migrations', () => {
  let database: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  const shipmentId = randomUUID();

  async function run(step: (runner: ReturnType<DataSource['createQueryRunner']>) => Promise<void>) {
    const runner = dataSource.createQueryRunner();
    try {
      await step(runner);
    } finally {
      await runner.release();
    }
  }

  const insertEntry = (key: string) =>
    dataSource.query(
      `INSERT INTO tracking.timeline_entries (shipment_id, source_event_id, status, occurred_at)
       VALUES ($1, $2, 'in_transit', now())`,
      [shipmentId, key],
    );

  const primaryKey = async (): Promise<string[]> =>
    (
      await dataSource.query(
        `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
         WHERE i.indrelid = 'tracking.timeline_entries'::regclass AND i.indisprimary`,
      )
    ).map((row: { attname: string }) => row.attname);

  beforeAll(async () => {
    database = await createDatabase('timeline_key');
    dataSource = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 2 } }).initialize();
    await dataSource.query(`CREATE SCHEMA tracking`);
    await run(async (runner) => {
      for (const migration of [
        new CreateTrackingTables1764320000001(),
        new ScanIngestion1764400000000(),
        new StatusOverrides1764600000000(),
      ]) {
        await migration.up(runner);
      }
    });
    await dataSource.query(
      `INSERT INTO tracking.shipments (shipment_id, tracking_number, carrier, status, status_version, service_level,
         promised_by, destination_city, destination_country, created_at, updated_at)
       VALUES ($1, 'WB-MIGRATE-1', 'dhl', 'in_transit', 1, 'standard', now(), 'Lyon', 'FR', now(), now())`,
      [shipmentId],
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const foreignKeysToShipments = async (): Promise<string[]> =>
    (
      await dataSource.query(
        `SELECT conname FROM pg_constraint
         WHERE conrelid = 'tracking.timeline_entries'::regclass AND confrelid = 'tracking.shipments'::regclass`,
      )
    ).map((row: { conname: string }) => row.conname);

  it('1766200000000 keeps the entries, refuses a duplicate key, and round-trips through down', async () => {
    await insertEntry('dhl:before-1');
    await insertEntry('dhl:before-2');

    await run((runner) => new TimelineKeyedBySourceEvent1766200000000().up(runner));
    expect(await primaryKey()).toEqual(['source_event_id']);
    await insertEntry('dhl:after-1');
    await expect(insertEntry('dhl:before-1')).rejects.toThrow(/timeline_entries_pkey/);
    expect(
      (await dataSource.query(`SELECT source_event_id FROM tracking.timeline_entries ORDER BY 1`)).map(
        (row: { source_event_id: string }) => row.source_event_id,
      ),
    ).toEqual(['dhl:after-1', 'dhl:before-1', 'dhl:before-2']);

    await run((runner) => new TimelineKeyedBySourceEvent1766200000000().down(runner));
    expect(await primaryKey()).toEqual(['id']);
    const rows: { id: string }[] = await dataSource.query(`SELECT id FROM tracking.timeline_entries`);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => Number(row.id) > 0)).toBe(true);
    await expect(insertEntry('dhl:after-1')).rejects.toThrow(/timeline_entries_source_event_id_key/);
  });

  it('1766300000000 drops the foreign key to the shipments, and down restores it', async () => {
    await run((runner) => new TimelineKeyedBySourceEvent1766200000000().up(runner));
    expect(await foreignKeysToShipments()).toEqual(['timeline_entries_shipment_id_fkey']);

    await run((runner) => new TimelineWithoutShipmentFk1766300000000().up(runner));
    expect(await foreignKeysToShipments()).toEqual([]);
    await insertEntry('dhl:without-fk-1');

    await run((runner) => new TimelineWithoutShipmentFk1766300000000().down(runner));
    expect(await foreignKeysToShipments()).toEqual(['timeline_entries_shipment_id_fkey']);
    await expect(
      dataSource.query(
        `INSERT INTO tracking.timeline_entries (shipment_id, source_event_id, status, occurred_at)
         VALUES ($1, 'dhl:orphan', 'in_transit', now())`,
        [randomUUID()],
      ),
    ).rejects.toThrow(/timeline_entries_shipment_id_fkey/);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM tracking.timeline_entries`)).toEqual([{ n: 4 }]);
  });
});
