import { MigrationInterface, QueryRunner } from 'typeorm';
import { MessagingTablesV2 } from '@waybill/messaging';

/** Outbox rows that hold a batch of messages each (see MessagingTablesV2 for why). */
export class TrackingOutboxBatches1766000000001 implements MigrationInterface {
  name = 'TrackingOutboxBatches1766000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await MessagingTablesV2.up(queryRunner, 'tracking');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await MessagingTablesV2.down(queryRunner, 'tracking');
  }
}
