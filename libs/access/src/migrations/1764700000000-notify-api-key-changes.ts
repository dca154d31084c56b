import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to a key row (revocation above all, by the admin endpoint or by hand in SQL)
 * is announced on the `waybill_api_key_changed` channel with the key's hash, so each process's
 * key cache drops it when the change commits (api-key-changes.ts).
 */
export class NotifyApiKeyChanges1764700000000 implements MigrationInterface {
  name = 'NotifyApiKeyChanges1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION access.notify_api_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('waybill_api_key_changed', OLD.key_hash);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER api_keys_notify_changed AFTER UPDATE OR DELETE ON access.api_keys
      FOR EACH ROW EXECUTE FUNCTION access.notify_api_key_changed()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER api_keys_notify_changed ON access.api_keys`);
    await queryRunner.query(`DROP FUNCTION access.notify_api_key_changed()`);
  }
}
