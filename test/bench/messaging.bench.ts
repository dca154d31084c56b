// Events/s through the whole messaging path on real Kafka and PostgreSQL: outbox rows committed
// in a service transaction → relay → Kafka (acks=all) → batch consumer → inbox + effect rows.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { deadLetterTopic } from '@waybill/contracts';
import { KafkaBus, Outbox } from '@waybill/messaging';
import { createDatabase } from '../support/postgres';
import { asMessage, numberedEvent, openHarnessDatabase, SCHEMA, startRelay, subscribeEffects } from '../support/messaging-harness';
import { report, round, runBenchmark, trackPeakMemory } from './bench-kit';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const SHIPMENTS = 1_000;
const CHUNK = 1_000;

async function main() {
  const memory = trackPeakMemory();
  const database = await createDatabase('bench_messaging');
  const dataSource = await openHarnessDatabase(database.url);
  const bus = new KafkaBus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'bench-messaging' });
  await bus.start();
  const topic = `bench.messaging.${randomUUID()}`;
  await bus.createTopics([topic, deadLetterTopic(topic)]);
  const relay = startRelay(dataSource, bus);
  const outbox = new Outbox(SCHEMA, () => relay.markWritten());
  await subscribeEffects(bus, dataSource, { topic, groupId: `bench-${randomUUID()}`, outbox });

  const shipments = Array.from({ length: SHIPMENTS }, () => randomUUID());
  const started = Date.now();
  for (let offset = 0; offset < EVENTS; offset += CHUNK) {
    const events = Array.from({ length: Math.min(CHUNK, EVENTS - offset) }, (_, i) =>
      numberedEvent(shipments[(offset + i) % SHIPMENTS], offset + i),
    );
    await dataSource.transaction((manager) => outbox.addMessages(manager, events.map((e) => asMessage(topic, e))));
  }
  const committedMs = Date.now() - started;
  for (;;) {
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM ${SCHEMA}.effects`);
    if (count >= EVENTS) break;
    if (Date.now() - started > 300_000) throw new Error(`only ${count} of ${EVENTS} handled after 5 min`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const totalMs = Date.now() - started;
  const [{ duplicates }] = await dataSource.query(
    `SELECT count(*) - count(DISTINCT event_id) AS duplicates FROM ${SCHEMA}.effects`,
  );
  await relay.stop();
  await bus.stop();
  await dataSource.destroy();
  await database.drop();
  report('messaging: outbox → Kafka → inbox consumer', {
    events: EVENTS,
    'outbox commit, events/s': round(EVENTS / (committedMs / 1000), 0),
    'end to end, events/s': round(EVENTS / (totalMs / 1000), 0),
    'end to end, s': round(totalMs / 1000, 1),
    'duplicate effects': Number(duplicates),
    'peak RSS, MiB': memory.stop(),
  });
}

runBenchmark(main);
