import { MigrationInterface, QueryRunner } from 'typeorm';
import { MessagingTablesV1 } from '@waybill/messaging';

export class CreateIntakeTables1764320000000 implements MigrationInterface {
  name = 'CreateIntakeTables1764320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE intake.shipments (
        id uuid PRIMARY KEY,
        tracking_number text NOT NULL UNIQUE,
        merchant_reference text,
        service_level text NOT NULL,
        carrier text NOT NULL,
        promised_by timestamptz NOT NULL,
        policy_version text NOT NULL,
        recipient jsonb NOT NULL,
        origin jsonb NOT NULL,
        destination jsonb NOT NULL,
        parcels jsonb NOT NULL,
        intake_state text NOT NULL DEFAULT 'registered',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX shipments_created_at_idx ON intake.shipments (created_at, id)`);
    await queryRunner.query(`CREATE INDEX shipments_merchant_reference_idx ON intake.shipments (merchant_reference)`);
    await MessagingTablesV1.up(queryRunner, 'intake');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await MessagingTablesV1.down(queryRunner, 'intake');
    await queryRunner.query(`DROP TABLE intake.shipments`);
  }
}
