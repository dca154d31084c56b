import { MigrationInterface, QueryRunner } from 'typeorm';
import { MessagingTablesV2 } from '@waybill/messaging';

/** Outbox rows that hold a batch of messages each (see MessagingTablesV2 for why). */
export class SlaOutboxBatches1766000000002 implements MigrationInterface {
  name = 'SlaOutboxBatches1766000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await MessagingTablesV2.up(queryRunner, 'sla');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await MessagingTablesV2.down(queryRunner, 'sla');
  }
}
