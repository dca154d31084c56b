import { MigrationInterface, QueryRunner } from 'typeorm';

/** Scan ingestion: status position and ETA per shipment, scan detail on the timeline, parked scans. */
export class ScanIngestion1764400000000 implements MigrationInterface {
  name = 'ScanIngestion1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tracking.shipments
        ADD COLUMN status_at timestamptz,
        ADD COLUMN latest_scan_at timestamptz,
        ADD COLUMN latest_scan_key text,
        ADD COLUMN last_scan_at timestamptz,
        ADD COLUMN eta timestamptz,
        ADD COLUMN stale_due_at timestamptz`);
    await queryRunner.query(`UPDATE tracking.shipments SET eta = promised_by WHERE status IN ('created', 'info_received')`);
    await queryRunner.query(
      `CREATE INDEX shipments_stale_due_idx ON tracking.shipments (stale_due_at) WHERE stale_due_at IS NOT NULL`,
    );
    await queryRunner.query(`
      ALTER TABLE tracking.timeline_entries
        ADD COLUMN carrier text,
        ADD COLUMN carrier_event_id text,
        ADD COLUMN carrier_code text,
        ADD COLUMN reason_code text,
        ADD COLUMN substatus text,
        ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now()`);
    await queryRunner.query(`
      CREATE TABLE tracking.parked_scans (
        park_key text PRIMARY KEY,
        tracking_number text NOT NULL,
        scan jsonb NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX parked_scans_tracking_number_idx ON tracking.parked_scans (tracking_number)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE tracking.parked_scans`);
    await queryRunner.query(`
      ALTER TABLE tracking.timeline_entries
        DROP COLUMN carrier, DROP COLUMN carrier_event_id, DROP COLUMN carrier_code,
        DROP COLUMN reason_code, DROP COLUMN substatus, DROP COLUMN recorded_at`);
    await queryRunner.query(`DROP INDEX tracking.shipments_stale_due_idx`);
    await queryRunner.query(`
      ALTER TABLE tracking.shipments
        DROP COLUMN status_at, DROP COLUMN latest_scan_at, DROP COLUMN latest_scan_key,
        DROP COLUMN last_scan_at, DROP COLUMN eta, DROP COLUMN stale_due_at`);
  }
}
