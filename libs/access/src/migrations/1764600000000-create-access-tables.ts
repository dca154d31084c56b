import { MigrationInterface, QueryRunner } from 'typeorm';

/** The identity store: staff users, integration API keys, failed logins. */
export class CreateAccessTables1764600000000 implements MigrationInterface {
  name = 'CreateAccessTables1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE access.staff_users (
        id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'dispatcher', 'ops')),
        created_at timestamptz NOT NULL DEFAULT now(),
        password_changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE access.api_keys (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        scopes text[] NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE access.login_failures (
        id bigserial PRIMARY KEY,
        account text NOT NULL,
        address text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX login_failures_account_idx ON access.login_failures (account, failed_at)`);
    await queryRunner.query(`CREATE INDEX login_failures_address_idx ON access.login_failures (address, failed_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE access.login_failures`);
    await queryRunner.query(`DROP TABLE access.api_keys`);
    await queryRunner.query(`DROP TABLE access.staff_users`);
  }
}
