import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops the foreign key from `tracking.timeline_entries.shipment_id` to `tracking.shipments`.
 *
 * Why: the key was the largest single cost of a scan in Postgres. Each inserted row queued an
 * after-trigger and ran a `SELECT … FOR KEY SHARE` on its shipment; replaying 60,000 scans in
 * 2,000-scan transactions, Postgres spent 78–86 µs of CPU per scan with it and 64–66 without,
 * and the timeline insert went from 38–44 to 26 µs.
 *
 * What keeps the guarantee instead: every writer of the timeline holds the shipment's row when
 * it writes its entries (scan ingestion locks the shipments `FOR UPDATE` and writes entries only
 * for the rows it found; registration writes its entry with the row it inserts; cancellations
 * and corrections lock the row), and no code path deletes a shipment. A scan for a tracking
 * number nobody announced is parked, never written to the timeline.
 */
export class TimelineWithoutShipmentFk1766300000000 implements MigrationInterface {
  name = 'TimelineWithoutShipmentFk1766300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tracking.timeline_entries DROP CONSTRAINT timeline_entries_shipment_id_fkey`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tracking.timeline_entries ADD CONSTRAINT timeline_entries_shipment_id_fkey
        FOREIGN KEY (shipment_id) REFERENCES tracking.shipments (shipment_id)`);
  }
}
