import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Outbox } from '@waybill/messaging';
import { createdEvent } from './new-shipment';
import { ShipmentEntity } from './shipment.entity';

export interface StoreOutcome {
  created: ShipmentEntity[];
  /** Shipments not stored because their merchant reference is taken, with the id that holds it. */
  duplicates: { shipment: ShipmentEntity; existingId: string }[];
}

function compareReferences(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * Writes new shipments with one multi-row insert and their `shipment.created` events with one
 * outbox insert, in the caller's transaction. A merchant reference already taken (by an earlier
 * shipment or by a concurrent transaction) makes that row a duplicate instead of an error.
 */
@Injectable()
export class ShipmentStore {
  constructor(@Inject(Outbox) private readonly outbox: Outbox) {}

  async insertNew(manager: EntityManager, shipments: ShipmentEntity[]): Promise<StoreOutcome> {
    if (shipments.length === 0) return { created: [], duplicates: [] };
    // Every transaction takes merchant-reference locks in the same order, so two imports racing
    // for the same references wait for each other instead of deadlocking.
    const ordered = [...shipments].sort((a, b) => compareReferences(a.merchantReference, b.merchantReference));
    const rows = ordered.map((s) => ({
      id: s.id,
      tracking_number: s.trackingNumber,
      merchant_reference: s.merchantReference,
      service_level: s.serviceLevel,
      carrier: s.carrier,
      promised_by: s.promisedBy.toISOString(),
      policy_version: s.policyVersion,
      promise_calendar: s.promiseCalendar,
      promise_time_zone: s.promiseTimeZone,
      recipient: s.recipient,
      origin: s.origin,
      destination: s.destination,
      parcels: s.parcels,
      created_at: s.createdAt.toISOString(),
    }));
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO intake.shipments (id, tracking_number, merchant_reference, service_level, carrier,
         promised_by, policy_version, promise_calendar, promise_time_zone, recipient, origin,
         destination, parcels, created_at)
       SELECT r.id, r.tracking_number, r.merchant_reference, r.service_level, r.carrier, r.promised_by,
         r.policy_version, r.promise_calendar, r.promise_time_zone, r.recipient, r.origin,
         r.destination, r.parcels, r.created_at
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, tracking_number text, merchant_reference text,
         service_level text, carrier text, promised_by timestamptz, policy_version text,
         promise_calendar text, promise_time_zone text, recipient jsonb, origin jsonb,
         destination jsonb, parcels jsonb, created_at timestamptz)
       ON CONFLICT (merchant_reference) WHERE merchant_reference IS NOT NULL DO NOTHING
       RETURNING id`,
      [JSON.stringify(rows)],
    );
    const insertedIds = new Set(inserted.map((row) => row.id));
    const created = shipments.filter((s) => insertedIds.has(s.id));
    const skipped = shipments.filter((s) => !insertedIds.has(s.id));
    await this.outbox.addEvents(manager, created.map(createdEvent));
    if (skipped.length === 0) return { created, duplicates: [] };

    const holders = await this.idsByReference(manager, skipped.map((s) => s.merchantReference!));
    return { created, duplicates: skipped.map((shipment) => ({ shipment, existingId: holders.get(shipment.merchantReference!)! })) };
  }

  async idsByReference(manager: EntityManager, references: string[]): Promise<Map<string, string>> {
    if (references.length === 0) return new Map();
    const rows: { id: string; merchant_reference: string }[] = await manager.query(
      `SELECT id, merchant_reference FROM intake.shipments WHERE merchant_reference = ANY($1::text[])`,
      [references],
    );
    return new Map(rows.map((row) => [row.merchant_reference, row.id]));
  }
}
