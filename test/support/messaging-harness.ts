import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AnyEvent, decodeEvent, encodeEvent, EventEnvelope, newEvent } from '@waybill/contracts';
import { createInboxConsumer, EventBus, MessagingTablesV1, MessagingTablesV2, Outbox, OutboxRelay } from '@waybill/messaging';

export const SCHEMA = 'harness';

/** A minimal "service" for messaging tests: its own schema, outbox, inbox and an effects table. */
export async function openHarnessDatabase(url: string): Promise<DataSource> {
  const dataSource = await new DataSource({ type: 'postgres', url, schema: SCHEMA, extra: { max: 5 } }).initialize();
  const runner = dataSource.createQueryRunner();
  try {
    const [{ exists }] = await runner.query(
      `SELECT EXISTS (SELECT 1 FROM information_schema.schemata WHERE schema_name = $1) AS exists`,
      [SCHEMA],
    );
    if (!exists) {
      await runner.query(`CREATE SCHEMA ${SCHEMA}`);
      await MessagingTablesV1.up(runner, SCHEMA);
      await MessagingTablesV2.up(runner, SCHEMA);
      await runner.query(`CREATE TABLE ${SCHEMA}.effects (
        id bigserial PRIMARY KEY, event_id uuid NOT NULL, shipment_id uuid NOT NULL, seq int NOT NULL)`);
    }
  } finally {
    await runner.release();
  }
  return dataSource;
}

function sequenceOf(event: AnyEvent): number {
  if (event.type !== 'shipment.cancelled') throw new Error(`unexpected ${event.type}`);
  const seq = Number(event.payload.reason);
  if (!Number.isInteger(seq)) throw new Error(`reason "${event.payload.reason}" is not a sequence number`);
  return seq;
}

/** Subscribes a consumer that writes one `effects` row per event, through the real inbox. */
export async function subscribeEffects(
  bus: EventBus,
  dataSource: DataSource,
  options: { topic: string; groupId: string; outbox: Outbox },
): Promise<void> {
  await bus.subscribe({
    groupId: options.groupId,
    topics: [options.topic],
    handleBatch: createInboxConsumer({
      dataSource,
      outbox: options.outbox,
      groupId: options.groupId,
      decode: (message) => {
        const event = decodeEvent(message.value);
        return { id: event.id, item: event };
      },
      handle: async (event, manager) => {
        await manager.query(`INSERT INTO ${SCHEMA}.effects (event_id, shipment_id, seq) VALUES ($1, $2, $3)`, [
          event.id,
          event.shipmentId,
          sequenceOf(event),
        ]);
      },
      // The multi-row path real services use for volume: one INSERT for the whole chunk.
      handleMany: async (items, manager) => {
        const events = items.map(({ item }) => item);
        await manager.query(
          `INSERT INTO ${SCHEMA}.effects (event_id, shipment_id, seq)
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[])`,
          [events.map((e) => e.id), events.map((e) => e.shipmentId), events.map(sequenceOf)],
        );
      },
    }),
  });
}

/** Test events: `shipment.cancelled` whose reason carries a sequence number. */
export function numberedEvent(shipmentId: string, seq: number): EventEnvelope<'shipment.cancelled'> {
  return newEvent('shipment.cancelled', shipmentId, { reason: String(seq) }, { source: 'test' });
}

export function asMessage(topic: string, event: EventEnvelope) {
  return { topic, key: event.shipmentId, value: encodeEvent(event) };
}

export function newShipmentId(): string {
  return randomUUID();
}

export function startRelay(dataSource: DataSource, bus: EventBus): OutboxRelay {
  const relay = new OutboxRelay(dataSource, bus, { schema: SCHEMA, pollIntervalMs: 100 });
  relay.start();
  return relay;
}
