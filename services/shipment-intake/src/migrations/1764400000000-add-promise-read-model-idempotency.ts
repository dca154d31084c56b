import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What made each promise (calendar, time zone), the status and SLA state read model fed by
 * tracking and sla-monitor events, merchant references unique, and stored idempotent responses.
 */
export class AddPromiseReadModelIdempotency1764400000000 implements MigrationInterface {
  name = 'AddPromiseReadModelIdempotency1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE intake.shipments
        ADD COLUMN promise_calendar text,
        ADD COLUMN promise_time_zone text,
        ADD COLUMN status text NOT NULL DEFAULT 'created',
        ADD COLUMN status_version integer NOT NULL DEFAULT 0,
        ADD COLUMN sla_state text NOT NULL DEFAULT 'on_track',
        ADD COLUMN sla_changed_at timestamptz,
        ADD COLUMN cancel_reason text,
        ADD COLUMN updated_at timestamptz`);
    await queryRunner.query(`DROP INDEX intake.shipments_merchant_reference_idx`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX shipments_merchant_reference_key ON intake.shipments (merchant_reference)
      WHERE merchant_reference IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX shipments_status_created_idx ON intake.shipments (status, created_at, id)`);
    await queryRunner.query(`CREATE INDEX shipments_sla_state_created_idx ON intake.shipments (sla_state, created_at, id)`);
    await queryRunner.query(`
      CREATE TABLE intake.idempotency_keys (
        key text PRIMARY KEY,
        request_hash text NOT NULL,
        status_code integer NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE intake.idempotency_keys`);
    await queryRunner.query(`DROP INDEX intake.shipments_sla_state_created_idx`);
    await queryRunner.query(`DROP INDEX intake.shipments_status_created_idx`);
    await queryRunner.query(`DROP INDEX intake.shipments_merchant_reference_key`);
    await queryRunner.query(`CREATE INDEX shipments_merchant_reference_idx ON intake.shipments (merchant_reference)`);
    await queryRunner.query(`
      ALTER TABLE intake.shipments
        DROP COLUMN promise_calendar, DROP COLUMN promise_time_zone, DROP COLUMN status,
        DROP COLUMN status_version, DROP COLUMN sla_state, DROP COLUMN sla_changed_at,
        DROP COLUMN cancel_reason, DROP COLUMN updated_at`);
  }
}
