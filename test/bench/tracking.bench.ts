import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { Client } from 'pg';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { encodeEvent, newEvent, ScanSchema, ShipmentStatus, Topics } from '@waybill/contracts';
import { issueApiKey } from '@waybill/access';
import { KafkaBus } from '@waybill/messaging';
import { ServiceSettings } from '@waybill/service-kit';
import { startHostedService } from '../support/hosted-service';
import { TrackingModule } from '@waybill/tracking';
import { carrierCodes } from '../../services/tracking/src/carriers/carrier-codes';
import { TimelineEntryEntity } from '../../services/tracking/src/shipments/timeline-entry.entity';
import { TrackedShipmentEntity } from '../../services/tracking/src/shipments/tracked-shipment.entity';
import { transition } from '../../services/tracking/src/status/status-machine';
import { brokers, testKafka } from '../support/kafka';
import { createDatabase } from '../support/postgres';
import { machineReferenceMs, report, round, runBenchmark, trackCpuByKind, trackPeakMemory } from './bench-kit';
import type { FeedAnswer } from './scan-feed';
import { Parcels, parcels, SCANS_PER_SHIPMENT } from './scan-workload';

/**
 * Scans/s through tracking, end to end on real Kafka and PostgreSQL: produced to
 * `waybill.scans.v1` (or POSTed in batches of 5,000) by a carrier feed in its own process
 * (scan-feed.ts), consumed, stored, status computed, and every resulting event published to
 * `waybill.tracking.v1` by the outbox relay. Then the naive
 * design on the same workload: a kafkajs `eachMessage` handler with one `repository.save()` per
 * scan and one `producer.send()` per status change.
 */

const COMPARE_SHIPMENTS = Number(process.env.BENCH_COMPARE_SHIPMENTS ?? 300);
const SUSTAINED_SHIPMENTS = Number(process.env.BENCH_SUSTAINED_SHIPMENTS ?? 6_000);
const HTTP_SHIPMENTS = Number(process.env.BENCH_HTTP_SHIPMENTS ?? 4_000);
const TIME_LIMIT_MS = 150_000;

const kafka = testKafka('tracking-bench');
const log = (message: string) => console.error(`[tracking-bench] ${message}`);

/**
 * The carrier feed (scan-feed.ts), forked once. `produce` sends a workload's scans to a topic and
 * `post` posts them over HTTP; both resolve when the last is acknowledged.
 */
interface Feed {
  pid: number;
  produce(topic: string, p: Parcels): Promise<FeedAnswer>;
  post(url: string, headers: Record<string, string>, p: Parcels): Promise<FeedAnswer>;
  stop(): void;
}

function startFeed(): Feed {
  const feed = fork(path.join(__dirname, '../../tools/run-ts.js'), [path.join(__dirname, 'scan-feed.ts')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    feed.once('message', () => resolve());
    feed.once('exit', (code) => reject(new Error(`scan feed exited with ${code}`)));
  });
  const ask = async (request: Record<string, unknown>): Promise<FeedAnswer> => {
    await ready;
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`scan feed exited with ${code}`));
      feed.once('exit', onExit);
      feed.once('message', (answer: FeedAnswer) => {
        feed.off('exit', onExit);
        resolve(answer);
      });
      feed.send(request);
    });
  };
  return {
    pid: feed.pid!,
    // The feed rebuilds the parcels' scans from their label and count: no need to send them.
    produce: (topic, p) => ask({ type: 'produce', topic, label: p.label, shipments: p.trackingNumbers.length }),
    post: (url, headers, p) => ask({ type: 'post', url, headers, label: p.label, shipments: p.trackingNumbers.length }),
    stop() {
      if (feed.connected) feed.send({ type: 'stop' });
    },
  };
}

async function waitFor(what: string, check: () => Promise<boolean>, deadline: number): Promise<void> {
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function count(db: Client, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await db.query(sql, params)).rows[0].n);
}

// ---------------------------------------------------------------- the Waybill design

async function startTracking(
  databaseUrl: string,
): Promise<{ app: INestApplication; baseUrl: string; bus: KafkaBus; carrierKey: Record<string, string> }> {
  const settings: ServiceSettings = {
    databaseUrl,
    trackingTokenSecret: 'bench-tracking-token-secret-0123456789',
    publicBaseUrl: 'http://localhost:3000',
    outboxPollMs: 100,
  };
  const bus = new KafkaBus({ brokers: brokers(), clientId: 'tracking-bench' });
  // Hosted as runDistributedService hosts it: access guard, rate limits, metrics, health.
  const { app, baseUrl } = await startHostedService({
    name: 'tracking-bench',
    databaseUrl,
    bus,
    services: [TrackingModule.register(settings)],
    connections: [TrackingModule.serviceName],
    // A carrier's whole backlog arrives at once here: the per-address limit is not under test.
    rateLimits: { scans: { limit: 100_000, ttlMs: 60_000 } },
  });
  // Carriers post with an integration key, looked up on every request, as in production.
  const carrierKey = { 'x-api-key': await issueApiKey(app, ['scans:write'], 'bench carrier') };
  return { app, baseUrl, bus, carrierKey };
}

/** Announces shipments the way intake does (`shipment.created` on Kafka) and waits for tracking. */
async function announce(bus: KafkaBus, db: Client, w: Parcels): Promise<void> {
  const promisedBy = new Date(Date.UTC(2030, 0, 10)).toISOString();
  for (let i = 0; i < w.trackingNumbers.length; i += 1_000) {
    await bus.publish(
      w.trackingNumbers.slice(i, i + 1_000).map((trackingNumber) => {
        const event = newEvent(
          'shipment.created',
          randomUUID(),
          {
            trackingNumber,
            serviceLevel: 'standard',
            carrier: 'dhl',
            promisedBy,
            policyVersion: 'bench',
            recipient: { name: 'Bench', locale: 'en' },
            origin: { city: 'Lyon', postalCode: '69001', country: 'FR' },
            destination: { city: 'Paris', postalCode: '75001', country: 'FR' },
            parcels: [{ weightGrams: 500 }],
          },
          { source: 'shipment-intake' },
        );
        return { topic: Topics.shipments, key: event.shipmentId, value: encodeEvent(event) };
      }),
    );
  }
  const prefix = w.trackingNumbers[0].slice(0, 4);
  await waitFor(
    'registrations',
    async () =>
      (await count(db, `SELECT count(*) AS n FROM tracking.shipments WHERE tracking_number LIKE $1`, [`${prefix}%`])) ===
      w.trackingNumbers.length,
    Date.now() + 120_000,
  );
}

/**
 * Done when every parcel is delivered, every scan is on a timeline and every event published.
 * Checked in that order, cheapest first, every 100 ms: the checks run on the same two cores as
 * the service, and counting the whole timeline every 50 ms took 7 % of Postgres's time.
 */
async function waitUntilTracked(db: Client, w: Parcels, deadline: number): Promise<{ storedAt: number }> {
  const prefix = `${w.trackingNumbers[0].slice(0, 4)}%`;
  const scans = w.trackingNumbers.length * SCANS_PER_SHIPMENT;
  await waitFor(
    'delivered parcels',
    async () =>
      (await count(db, `SELECT count(*) AS n FROM tracking.shipments WHERE tracking_number LIKE $1 AND status = 'delivered'`, [
        prefix,
      ])) === w.trackingNumbers.length,
    deadline,
  );
  await waitFor(
    'scans on timelines',
    async () =>
      (await count(db, `SELECT count(*) AS n FROM tracking.timeline_entries WHERE carrier_event_id LIKE $1`, [prefix])) === scans,
    deadline,
  );
  const storedAt = Date.now();
  await waitFor(
    'outbox relay',
    async () => (await count(db, `SELECT count(*) AS n FROM tracking.outbox WHERE sent_at IS NULL`)) === 0,
    deadline,
  );
  return { storedAt };
}

async function eventsOf(db: Client, since: number): Promise<Record<string, number>> {
  const { rows } = await db.query(
    `SELECT headers->>'event-type' AS type, count(*)::int AS n FROM tracking.outbox_messages WHERE id > $1 GROUP BY 1 ORDER BY 1`,
    [since],
  );
  return Object.fromEntries(rows.map((row) => [row.type, row.n]));
}

async function lastOutboxId(db: Client): Promise<number> {
  return Number((await db.query(`SELECT coalesce(max(id), 0) AS n FROM tracking.outbox`)).rows[0].n);
}

/** Which process is which, for the CPU breakdown: this process hosts the service. */
function processKind(feed: Feed) {
  return (pid: number, command: string): string | undefined => {
    if (pid === process.pid) return 'service';
    if (pid === feed.pid) return 'feed';
    if (command.includes('kafka.Kafka')) return 'broker';
    if (command.includes('postgres')) return 'postgres';
    return undefined;
  };
}

async function runKafka(feed: Feed, db: Client, w: Parcels) {
  const since = await lastOutboxId(db);
  const memory = trackPeakMemory();
  const cpu = trackCpuByKind(processKind(feed));
  const { startedAt, ms: producedMs } = await feed.produce(Topics.scans, w);
  const { storedAt } = await waitUntilTracked(db, w, Date.now() + TIME_LIMIT_MS);
  const elapsed = Date.now() - startedAt;
  const cpuSeconds = cpu.stop();
  return {
    scans: w.trackingNumbers.length * SCANS_PER_SHIPMENT,
    elapsedMs: elapsed,
    producedMs,
    storedMs: storedAt - startedAt,
    peakMiB: memory.stop(),
    cpuSeconds,
    events: await eventsOf(db, since),
  };
}

async function runHttp(feed: Feed, baseUrl: string, carrierKey: Record<string, string>, db: Client, w: Parcels) {
  const since = await lastOutboxId(db);
  const memory = trackPeakMemory();
  const answer = await feed.post(`${baseUrl}/api/v1/scans`, carrierKey, w);
  await waitUntilTracked(db, w, Date.now() + TIME_LIMIT_MS);
  const elapsed = Date.now() - answer.startedAt;
  const requestMs = answer.requestMs!;
  return {
    scans: answer.scans,
    elapsedMs: elapsed,
    answeredMs: answer.ms,
    p50RequestMs: requestMs[Math.floor(requestMs.length / 2)],
    peakMiB: memory.stop(),
    events: await eventsOf(db, since),
  };
}

// ---------------------------------------------------------------- the naive design

@Entity({ name: 'outbox' })
class NaiveEventRow {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;
  @Column({ type: 'text' })
  topic: string;
  @Column({ type: 'text' })
  key: string;
  @Column({ type: 'bytea' })
  value: Buffer;
}

/**
 * One handler per message, each scan on its own: validate, look the shipment up, `save()` the
 * timeline entry, `save()` the shipment and an event record when the status changes, and send
 * that event to Kafka right away. Same status rules and carrier mapping as the real thing.
 */
async function runNaive(bus: KafkaBus, feed: Feed, databaseUrl: string, w: Parcels) {
  const dataSource = await new DataSource({
    type: 'postgres',
    url: databaseUrl,
    schema: 'tracking',
    entities: [TrackedShipmentEntity, TimelineEntryEntity, NaiveEventRow],
    migrations: TrackingModule.database.migrations,
    extra: { max: 10 },
  }).initialize();
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS tracking`);
  await dataSource.runMigrations();
  const shipments = dataSource.getRepository(TrackedShipmentEntity);
  const timeline = dataSource.getRepository(TimelineEntryEntity);
  const events = dataSource.getRepository(NaiveEventRow);
  const now = new Date();
  for (let i = 0; i < w.trackingNumbers.length; i += 1_000) {
    await shipments.insert(
      w.trackingNumbers.slice(i, i + 1_000).map((trackingNumber) => ({
        shipmentId: randomUUID(),
        trackingNumber,
        status: 'created' as ShipmentStatus,
        statusVersion: 1,
        slaState: 'on_track' as const,
        serviceLevel: 'standard' as const,
        carrier: 'dhl',
        promisedBy: new Date(Date.UTC(2030, 0, 10)),
        destinationCity: 'Paris',
        destinationCountry: 'FR',
        createdAt: now,
        updatedAt: now,
      })),
    );
  }

  const topic = `bench.naive.scans.${randomUUID()}`;
  const eventsTopic = `bench.naive.tracking.${randomUUID()}`;
  await bus.createTopics([topic, eventsTopic]);
  const eventProducer = kafka.producer();
  await eventProducer.connect();
  const consumer = kafka.consumer({ groupId: `naive-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let handled = 0;
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ message }) => {
      const scan = ScanSchema.parse(JSON.parse(message.value!.toString()));
      const shipment = await shipments.findOneBy({ trackingNumber: scan.trackingNumber });
      if (!shipment) return;
      const key = `dhl:${scan.carrierEventId}`;
      if (await timeline.findOneBy({ sourceEventId: key })) return;
      const mapped = scan.status ? { status: scan.status } : carrierCodes('dhl', scan.carrierCode!);
      await timeline.save(
        Object.assign(new TimelineEntryEntity(), {
          shipmentId: shipment.shipmentId,
          sourceEventId: key,
          status: mapped.status,
          occurredAt: new Date(scan.occurredAt),
          location: scan.location ?? null,
          description: null,
          carrier: 'dhl',
          carrierEventId: scan.carrierEventId,
          carrierCode: scan.carrierCode ?? null,
          reasonCode: null,
          substatus: null,
        }),
      );
      if (mapped.status !== 'unknown' && transition(shipment.status, mapped.status) === 'advance') {
        const previous = shipment.status;
        shipment.status = mapped.status;
        shipment.statusVersion += 1;
        await shipments.save(shipment);
        const event = newEvent(
          'tracking.status_changed',
          shipment.shipmentId,
          { trackingNumber: shipment.trackingNumber, previousStatus: previous, status: mapped.status, version: shipment.statusVersion },
          { source: 'tracking', occurredAt: scan.occurredAt },
        );
        await events.save(Object.assign(new NaiveEventRow(), { topic: eventsTopic, key: event.shipmentId, value: Buffer.from(encodeEvent(event)) }));
        await eventProducer.send({ topic: eventsTopic, acks: -1, messages: [{ key: event.shipmentId, value: encodeEvent(event) }] });
      }
      handled++;
    },
  });

  const scans = w.trackingNumbers.length * SCANS_PER_SHIPMENT;
  const memory = trackPeakMemory();
  const { startedAt } = await feed.produce(topic, w);
  const naiveDb = new Client({ connectionString: databaseUrl });
  await naiveDb.connect();
  await waitFor(
    'naive: every scan handled',
    async () => handled === scans,
    Date.now() + TIME_LIMIT_MS * 2,
  );
  const elapsed = Date.now() - startedAt;
  const delivered = await count(naiveDb, `SELECT count(*) AS n FROM tracking.shipments WHERE status = 'delivered'`);
  const statusEvents = await count(naiveDb, `SELECT count(*) AS n FROM tracking.outbox_messages`);
  await naiveDb.end();
  await Promise.all([consumer.disconnect(), eventProducer.disconnect()]);
  await dataSource.destroy();
  return { scans, elapsedMs: elapsed, peakMiB: memory.stop(), delivered, statusEvents };
}

// ---------------------------------------------------------------- run

async function main(): Promise<void> {
  log(`load average at start: ${require('node:os').loadavg().map((l: number) => l.toFixed(1)).join(' ')}`);
  const database = await createDatabase('bench_tracking');
  const naiveDatabase = await createDatabase('bench_tracking_naive');
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const { app, baseUrl, bus, carrierKey } = await startTracking(database.url);
  const feed = startFeed();
  try {
    const compare = parcels('CMP', COMPARE_SHIPMENTS);
    const sustained = parcels('SUS', SUSTAINED_SHIPMENTS);
    const http = parcels('HTP', HTTP_SHIPMENTS);
    log(`announcing ${COMPARE_SHIPMENTS + SUSTAINED_SHIPMENTS + HTTP_SHIPMENTS} shipments`);
    await announce(bus, db, compare);
    await announce(bus, db, sustained);
    await announce(bus, db, http);

    log('batched design, comparison workload (Kafka)');
    const batched = await runKafka(feed, db, compare);
    log('batched design, sustained workload (Kafka)');
    const referenceBefore = machineReferenceMs();
    const long = await runKafka(feed, db, sustained);
    const referenceAfter = machineReferenceMs();
    log('batched design, HTTP batches of 5,000');
    const overHttp = await runHttp(feed, baseUrl, carrierKey, db, http);
    log('naive design, comparison workload (Kafka)');
    const naive = await runNaive(bus, feed, naiveDatabase.url, compare);

    const rate = (r: { scans: number; elapsedMs: number }) => round(r.scans / (r.elapsedMs / 1000), 0);
    report('tracking: scans through Kafka into PostgreSQL, status events published (Waybill design)', {
      scans: long.scans,
      'end-to-end seconds': round(long.elapsedMs / 1000, 2),
      'scans/s end to end': rate(long),
      'feed producing alone (own process), seconds': round(long.producedMs / 1000, 2),
      'all scans stored and statuses final, seconds': round(long.storedMs / 1000, 2),
      'events published': JSON.stringify(long.events),
      'peak RSS MiB (service process)': long.peakMiB,
      'CPU per scan, µs: service / Postgres / broker / feed / other': ['service', 'postgres', 'broker', 'feed', 'other']
        .map((kind) => round(((long.cpuSeconds[kind] ?? 0) / long.scans) * 1e6, 0))
        .join(' / '),
      'machine reference before / after, ms (lower is faster)': `${round(referenceBefore, 0)} / ${round(referenceAfter, 0)}`,
      'machine busy during the run, cores of 2': round(
        Object.values(long.cpuSeconds).reduce((sum, seconds) => sum + seconds, 0) / (long.elapsedMs / 1000),
        2,
      ),
    });
    report('tracking: scans over HTTP, POST /api/v1/scans with 5,000 per request, 2 clients', {
      scans: overHttp.scans,
      'seconds until every event was published': round(overHttp.elapsedMs / 1000, 2),
      'scans/s end to end': rate(overHttp),
      'scans/s acknowledged (2xx after commit)': round(overHttp.scans / (overHttp.answeredMs / 1000), 0),
      'p50 request ms (5,000 scans)': round(overHttp.p50RequestMs, 0),
      'events published': JSON.stringify(overHttp.events),
      'peak RSS MiB': overHttp.peakMiB,
    });
    report('tracking: Waybill design vs naive design, same workload', {
      workload: `${compare.trackingNumbers.length} parcels × ${SCANS_PER_SHIPMENT} scans over Kafka`,
      'Waybill scans/s': rate(batched),
      'naive scans/s (eachMessage, save() per scan)': rate(naive),
      ratio: `${round(rate(batched) / rate(naive), 1)}×`,
      'Waybill peak RSS MiB': batched.peakMiB,
      'naive peak RSS MiB': naive.peakMiB,
      'naive delivered parcels (check)': naive.delivered,
      'naive status events (check)': naive.statusEvents,
    });
  } finally {
    feed.stop();
    await app.close();
    await db.end();
    await database.drop();
    await naiveDatabase.drop();
  }
}

runBenchmark(main);
