import { MigrationInterface, QueryRunner } from 'typeorm';
import { MessagingTablesV2 } from '@waybill/messaging';

/** Outbox rows that hold a batch of messages each (see MessagingTablesV2 for why). */
export class NotificationsOutboxBatches1766000000003 implements MigrationInterface {
  name = 'NotificationsOutboxBatches1766000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await MessagingTablesV2.up(queryRunner, 'notifications');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await MessagingTablesV2.down(queryRunner, 'notifications');
  }
}
