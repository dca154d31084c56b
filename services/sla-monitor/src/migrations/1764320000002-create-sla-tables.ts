import { MigrationInterface, QueryRunner } from 'typeorm';
import { MessagingTablesV1 } from '@waybill/messaging';

export class CreateSlaTables1764320000002 implements MigrationInterface {
  name = 'CreateSlaTables1764320000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sla.deadlines (
        shipment_id uuid PRIMARY KEY,
        tracking_number text NOT NULL,
        promised_by timestamptz NOT NULL,
        due_at timestamptz,
        state text NOT NULL,
        service_level text NOT NULL,
        carrier text NOT NULL,
        region text NOT NULL,
        stopped_reason text,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX deadlines_due_idx ON sla.deadlines (due_at) WHERE due_at IS NOT NULL`);
    await MessagingTablesV1.up(queryRunner, 'sla');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await MessagingTablesV1.down(queryRunner, 'sla');
    await queryRunner.query(`DROP TABLE sla.deadlines`);
  }
}
