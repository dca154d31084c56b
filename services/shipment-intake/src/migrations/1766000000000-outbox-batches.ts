import { MigrationInterface, QueryRunner } from 'typeorm';
import { MessagingTablesV2 } from '@waybill/messaging';

/** Outbox rows that hold a batch of messages each (see MessagingTablesV2 for why). */
export class IntakeOutboxBatches1766000000000 implements MigrationInterface {
  name = 'IntakeOutboxBatches1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await MessagingTablesV2.up(queryRunner, 'intake');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await MessagingTablesV2.down(queryRunner, 'intake');
  }
}
