import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facts and states the SLA rules need, and the indexes the reports read. Shipment fields
 * become nullable: a tracking event may arrive before its `shipment.created` (two topics).
 */
export class TrackSlaStates1764500000000 implements MigrationInterface {
  name = 'TrackSlaStates1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['tracking_number', 'promised_by', 'service_level', 'carrier', 'region', 'created_at']) {
      await queryRunner.query(`ALTER TABLE sla.deadlines ALTER COLUMN ${column} DROP NOT NULL`);
    }
    await queryRunner.query(`
      ALTER TABLE sla.deadlines
        ADD COLUMN at_risk_reason text,
        ADD COLUMN status text,
        ADD COLUMN status_version integer NOT NULL DEFAULT 0,
        ADD COLUMN last_scan_at timestamptz,
        ADD COLUMN stale_since timestamptz,
        ADD COLUMN eta timestamptz,
        ADD COLUMN eta_given_at timestamptz,
        ADD COLUMN first_attempt_at timestamptz,
        ADD COLUMN first_attempt_delivered boolean,
        ADD COLUMN delivered_at timestamptz,
        ADD COLUMN first_at_risk_at timestamptz,
        ADD COLUMN late_at timestamptz,
        ADD COLUMN breached_at timestamptz,
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN late_by_seconds integer,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    // The breach report pages through breaches in (breached_at, shipment_id) order.
    await queryRunner.query(
      `CREATE INDEX deadlines_breached_idx ON sla.deadlines (breached_at, shipment_id) WHERE breached_at IS NOT NULL`,
    );
    // The summary reads a range of promises from these narrow index entries instead of the wide rows
    // (index-only scans, in parallel); the partial one holds just the missed promises' percentiles.
    await queryRunner.query(
      `CREATE INDEX deadlines_summary_idx ON sla.deadlines (promised_by)
       INCLUDE (state, service_level, carrier, region, late_by_seconds, delivered_at, first_attempt_delivered,
         first_at_risk_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX deadlines_missed_idx ON sla.deadlines (promised_by)
       INCLUDE (state, service_level, carrier, region, late_by_seconds, first_at_risk_at)
       WHERE state IN ('delivered_late', 'breached')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX sla.deadlines_missed_idx`);
    await queryRunner.query(`DROP INDEX sla.deadlines_summary_idx`);
    await queryRunner.query(`DROP INDEX sla.deadlines_breached_idx`);
    await queryRunner.query(`
      ALTER TABLE sla.deadlines
        DROP COLUMN at_risk_reason, DROP COLUMN status, DROP COLUMN status_version,
        DROP COLUMN last_scan_at, DROP COLUMN stale_since, DROP COLUMN eta, DROP COLUMN eta_given_at,
        DROP COLUMN first_attempt_at, DROP COLUMN first_attempt_delivered, DROP COLUMN delivered_at,
        DROP COLUMN first_at_risk_at, DROP COLUMN late_at, DROP COLUMN breached_at, DROP COLUMN closed_at,
        DROP COLUMN late_by_seconds, DROP COLUMN updated_at`);
  }
}
