import { QueryRunner } from 'typeorm';

/**
 * Version 1 of the outbox and inbox tables every service keeps in its own schema. Services call
 * it from their first committed migration; a change here needs a new version, never an edit.
 */
export const MessagingTablesV1 = {
  async up(queryRunner: QueryRunner, schema: string): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "${schema}".outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        key text NOT NULL,
        value bytea NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX outbox_unsent_idx ON "${schema}".outbox (id) WHERE sent_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "${schema}".inbox (
        consumer_group text NOT NULL,
        message_id text NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, message_id)
      )`);
  },
  async down(queryRunner: QueryRunner, schema: string): Promise<void> {
    await queryRunner.query(`DROP TABLE "${schema}".inbox`);
    await queryRunner.query(`DROP TABLE "${schema}".outbox`);
  },
};
