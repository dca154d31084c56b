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

/**
 * Version 2: an outbox row holds the messages of one `addMessages` call (up to
 * `OUTBOX_ROW_MESSAGES`), as a JSON array in `messages`, instead of one row per message.
 *
 * Why: a row per message cost Postgres a heap tuple and an index entry per event to write, and
 * the relay rewrote every one of them (a whole new tuple, since `sent_at` is in the unsent
 * index's predicate) to mark it sent. That was ~45 µs of Postgres per event, the largest share
 * of tracking's scan ingestion (docs/benchmarks.md). One row per call makes both a per-row cost
 * paid once per up to 1,000 events. `messages` is stored uncompressed (`STORAGE EXTERNAL`):
 * compressing it took longer than writing it, and one-message rows were never compressed.
 *
 * Rows written before this version keep their single message in `topic`/`key`/`value`/`headers`
 * and are still relayed in id order with the new ones. `outbox_messages` shows both kinds as
 * one row per message, in send order (`id`, `position`), for audit and replay.
 */
export const MessagingTablesV2 = {
  async up(queryRunner: QueryRunner, schema: string): Promise<void> {
    const outbox = `"${schema}".outbox`;
    await queryRunner.query(`
      ALTER TABLE ${outbox}
        ADD COLUMN messages text,
        ADD COLUMN message_count int NOT NULL DEFAULT 1,
        ALTER COLUMN topic DROP NOT NULL,
        ALTER COLUMN key DROP NOT NULL,
        ALTER COLUMN value DROP NOT NULL,
        ADD CONSTRAINT outbox_one_form
          CHECK ((messages IS NULL) = (value IS NOT NULL AND topic IS NOT NULL AND key IS NOT NULL))`);
    await queryRunner.query(`ALTER TABLE ${outbox} ALTER COLUMN messages SET STORAGE EXTERNAL`);
    await queryRunner.query(`
      CREATE VIEW "${schema}".outbox_messages AS
        SELECT o.id, 1::bigint AS position, o.topic, o.key, o.value, o.headers, o.created_at, o.sent_at
        FROM ${outbox} AS o WHERE o.messages IS NULL
        UNION ALL
        SELECT o.id, m.position, m.message->>'topic', m.message->>'key',
          coalesce(convert_to(m.message->>'value', 'UTF8'), decode(m.message->>'valueBase64', 'base64')),
          coalesce(m.message->'headers', '{}')::jsonb, o.created_at, o.sent_at
        FROM ${outbox} AS o
          CROSS JOIN LATERAL json_array_elements(o.messages::json) WITH ORDINALITY AS m(message, position)
        WHERE o.messages IS NOT NULL`);
  },
  async down(queryRunner: QueryRunner, schema: string): Promise<void> {
    const outbox = `"${schema}".outbox`;
    // Back to one row per message, in send order (new ids, after every existing row).
    await queryRunner.query(`
      INSERT INTO ${outbox} (topic, key, value, headers, created_at, sent_at)
      SELECT topic, key, value, headers, created_at, sent_at FROM "${schema}".outbox_messages
      WHERE id IN (SELECT id FROM ${outbox} WHERE messages IS NOT NULL) ORDER BY id, position`);
    await queryRunner.query(`DELETE FROM ${outbox} WHERE messages IS NOT NULL`);
    await queryRunner.query(`DROP VIEW "${schema}".outbox_messages`);
    await queryRunner.query(`
      ALTER TABLE ${outbox}
        DROP CONSTRAINT outbox_one_form,
        DROP COLUMN messages,
        DROP COLUMN message_count,
        ALTER COLUMN topic SET NOT NULL,
        ALTER COLUMN key SET NOT NULL,
        ALTER COLUMN value SET NOT NULL`);
  },
};
