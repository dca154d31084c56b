import { MigrationInterface, QueryRunner } from 'typeorm';
import { MessagingTablesV1 } from '@waybill/messaging';

export class CreateTrackingTables1764320000001 implements MigrationInterface {
  name = 'CreateTrackingTables1764320000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tracking.shipments (
        shipment_id uuid PRIMARY KEY,
        tracking_number text NOT NULL UNIQUE,
        status text NOT NULL,
        status_version int NOT NULL,
        sla_state text NOT NULL DEFAULT 'on_track',
        service_level text NOT NULL,
        carrier text NOT NULL,
        promised_by timestamptz NOT NULL,
        destination_city text NOT NULL,
        destination_country text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE tracking.timeline_entries (
        id bigserial PRIMARY KEY,
        shipment_id uuid NOT NULL REFERENCES tracking.shipments (shipment_id),
        source_event_id text NOT NULL UNIQUE,
        status text NOT NULL,
        occurred_at timestamptz NOT NULL,
        location jsonb,
        description text
      )`);
    await queryRunner.query(
      `CREATE INDEX timeline_entries_shipment_idx ON tracking.timeline_entries (shipment_id, occurred_at)`,
    );
    await MessagingTablesV1.up(queryRunner, 'tracking');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await MessagingTablesV1.down(queryRunner, 'tracking');
    await queryRunner.query(`DROP TABLE tracking.timeline_entries`);
    await queryRunner.query(`DROP TABLE tracking.shipments`);
  }
}
