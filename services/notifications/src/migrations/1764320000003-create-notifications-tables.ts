import { MigrationInterface, QueryRunner } from 'typeorm';
import { MessagingTablesV1 } from '@waybill/messaging';

export class CreateNotificationsTables1764320000003 implements MigrationInterface {
  name = 'CreateNotificationsTables1764320000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications.recipients (
        shipment_id uuid PRIMARY KEY,
        tracking_number text NOT NULL,
        name text NOT NULL,
        email text,
        phone text,
        locale text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await MessagingTablesV1.up(queryRunner, 'notifications');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await MessagingTablesV1.down(queryRunner, 'notifications');
    await queryRunner.query(`DROP TABLE notifications.recipients`);
  }
}
