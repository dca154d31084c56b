import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statuses set outside the scans: intake's cancellation and audited staff corrections. The
 * shipment keeps its last override (scans from before it no longer decide the status); every
 * correction is kept with who, when and why, and linked from its timeline entry.
 */
export class StatusOverrides1764600000000 implements MigrationInterface {
  name = 'StatusOverrides1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tracking.shipments
        ADD COLUMN override_at timestamptz,
        ADD COLUMN override_key text,
        ADD COLUMN override_status text`);
    await queryRunner.query(`
      CREATE TABLE tracking.status_corrections (
        id uuid PRIMARY KEY,
        shipment_id uuid NOT NULL REFERENCES tracking.shipments (shipment_id),
        previous_status text NOT NULL,
        status text NOT NULL,
        version int NOT NULL,
        reason text NOT NULL,
        corrected_by text NOT NULL,
        corrected_by_id text,
        corrected_at timestamptz NOT NULL,
        event_id uuid NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX status_corrections_shipment_idx ON tracking.status_corrections (shipment_id, corrected_at)`,
    );
    await queryRunner.query(`
      ALTER TABLE tracking.timeline_entries
        ADD COLUMN correction_id uuid REFERENCES tracking.status_corrections (id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tracking.timeline_entries DROP COLUMN correction_id`);
    await queryRunner.query(`DROP TABLE tracking.status_corrections`);
    await queryRunner.query(`
      ALTER TABLE tracking.shipments
        DROP COLUMN override_at, DROP COLUMN override_key, DROP COLUMN override_status`);
  }
}
