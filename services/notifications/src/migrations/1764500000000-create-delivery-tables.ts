import { MigrationInterface, QueryRunner } from 'typeorm';

/** Shipment state for rules and the board, notifications with their dedupe key, webhooks, preferences. */
export class CreateDeliveryTables1764500000000 implements MigrationInterface {
  name = 'CreateDeliveryTables1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // What tracking says and what sla-monitor says live in two rows, each written only by the
    // consumer of its own topic: two topics' batches never lock the same row, so never deadlock.
    await queryRunner.query(`
      CREATE TABLE notifications.shipments (
        shipment_id uuid PRIMARY KEY,
        tracking_number text NOT NULL,
        carrier text NOT NULL,
        region text NOT NULL,
        service_level text NOT NULL,
        time_zone text,
        status text NOT NULL,
        status_version int NOT NULL,
        reason_code text,
        eta timestamptz,
        last_event_at timestamptz NOT NULL,
        delivered_at timestamptz,
        delivered_on_time boolean,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE notifications.shipment_sla (
        shipment_id uuid PRIMARY KEY,
        promised_by timestamptz NOT NULL,
        sla_state text NOT NULL,
        breached_at timestamptz,
        judged_on_time boolean
      )`);
    await queryRunner.query(`CREATE INDEX shipments_tracking_number_idx ON notifications.shipments (tracking_number)`);
    await queryRunner.query(`
      CREATE TABLE notifications.notifications (
        id uuid PRIMARY KEY,
        dedupe_key text NOT NULL,
        shipment_id uuid NOT NULL,
        kind text NOT NULL,
        channel text NOT NULL,
        target text NOT NULL,
        subscription_id uuid,
        locale text,
        subject text,
        body text NOT NULL,
        html text,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'suppressed', 'recorded')),
        reason text,
        attempts int NOT NULL DEFAULT 0,
        duplicates int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        claimed_until timestamptz,
        source_event_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT notifications_dedupe_key_unique UNIQUE (dedupe_key)
      )`);
    await queryRunner.query(
      `CREATE INDEX notifications_due_idx ON notifications.notifications (next_attempt_at) WHERE status = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX notifications_shipment_idx ON notifications.notifications (shipment_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE notifications.delivery_attempts (
        id bigserial PRIMARY KEY,
        notification_id uuid NOT NULL REFERENCES notifications.notifications (id),
        subscription_id uuid,
        channel text NOT NULL,
        attempt int NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('sent', 'failed')),
        response_status int,
        error text,
        duration_ms int NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX delivery_attempts_notification_idx ON notifications.delivery_attempts (notification_id)`);
    await queryRunner.query(
      `CREATE INDEX delivery_attempts_subscription_idx ON notifications.delivery_attempts (subscription_id, id) WHERE subscription_id IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE notifications.webhook_subscriptions (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        event_types text[] NOT NULL,
        secret text NOT NULL,
        description text,
        status text NOT NULL CHECK (status IN ('active', 'disabled')),
        consecutive_failures int NOT NULL DEFAULT 0,
        disabled_at timestamptz,
        disabled_reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE notifications.preferences (
        address text PRIMARY KEY,
        opted_out boolean NOT NULL DEFAULT false,
        opted_out_kinds text[] NOT NULL DEFAULT '{}',
        quiet_hours_start text,
        quiet_hours_end text,
        time_zone text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE notifications.deferred_events (
        event_id uuid PRIMARY KEY,
        shipment_id uuid NOT NULL,
        event jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX deferred_events_shipment_idx ON notifications.deferred_events (shipment_id, received_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['deferred_events', 'preferences', 'delivery_attempts', 'webhook_subscriptions', 'notifications', 'shipment_sla', 'shipments']) {
      await queryRunner.query(`DROP TABLE notifications.${table}`);
    }
  }
}
