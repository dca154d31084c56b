// Shipment intake throughput and latency on real Kafka and PostgreSQL. The service runs as its own
// process (services/shipment-intake/src/main.ts, distributed mode); this process is the client
// and a Kafka observer. "Committed with events on Kafka" means: answered by the API and every
// created shipment's `shipment.created` seen on waybill.shipments.v1.
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { Topics } from '@waybill/contracts';
import { aCsvRow, aShipment, csvOf } from '../integration/intake/intake-http';
import { testKafka } from '../support/kafka';
import { createDatabase } from '../support/postgres';
import { startHttpService } from '../support/processes';
import { benchIntegrationKey, latencySummary, report, round, runBenchmark } from './bench-kit';

const SINGLE_CREATES = Number(process.env.BENCH_SINGLE ?? 2_000);
const OPEN_LOOP_RATE = Number(process.env.BENCH_RATE ?? 200);
const OPEN_LOOP_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 15);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const CSV_ROWS = Number(process.env.BENCH_CSV_ROWS ?? 100_000);
const PHASE_LIMIT_MS = 180_000;

/** Counts shipment.created events by key, so each phase can wait for exactly its own shipments. */
class TopicWatch {
  private readonly waiting = new Set<string>();
  private readonly early = new Set<string>();
  private lastSeenAt = 0;

  seen(key: string) {
    if (this.waiting.delete(key)) this.lastSeenAt = Date.now();
    else this.early.add(key);
  }

  expect(ids: string[]) {
    for (const id of ids) {
      if (this.early.delete(id)) this.lastSeenAt = Date.now();
      else this.waiting.add(id);
    }
  }

  /** Resolves with the time the last expected event arrived. */
  async drained(since: number): Promise<number> {
    while (this.waiting.size > 0) {
      if (Date.now() - since > PHASE_LIMIT_MS) throw new Error(`${this.waiting.size} events never reached Kafka`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.lastSeenAt;
  }
}

/** The merchant's integration key (X-API-Key), made as an admin would make it; set in main(). */
let merchantKey: Record<string, string> = {};

async function post(url: string, body: string, contentType = 'application/json') {
  // undici's request, not fetch: the load generator shares the service's two cores, and fetch's
  // WHATWG Request/Response objects cost the client several times more CPU per call.
  const response = await request(url, { method: 'POST', headers: { ...merchantKey, 'content-type': contentType }, body });
  const json: any = await response.body.json();
  if (response.statusCode >= 300) throw new Error(`${url} answered ${response.statusCode}: ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024);
}

async function singleCreatesClosedLoop(base: string, watch: TopicWatch) {
  const latencies: number[] = [];
  const ids: string[] = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next++ < SINGLE_CREATES) {
        const body = JSON.stringify(aShipment());
        const t0 = performance.now();
        const shipment = await post(`${base}/api/v1/shipments`, body);
        latencies.push(performance.now() - t0);
        ids.push(shipment.id);
        watch.expect([shipment.id]);
      }
    }),
  );
  const answeredMs = Date.now() - started;
  const lastEvent = await watch.drained(started);
  const { p50, p99, max } = latencySummary(latencies);
  report('intake: single creates, 50 concurrent clients', {
    shipments: ids.length,
    'answered, shipments/s': round(ids.length / (answeredMs / 1000), 0),
    'with events on Kafka, shipments/s': round(ids.length / ((lastEvent - started) / 1000), 0),
    'latency p50, ms': p50,
    'latency p99, ms': p99,
    'latency max, ms': max,
  });
}

async function singleCreatesOpenLoop(base: string, watch: TopicWatch) {
  const total = OPEN_LOOP_RATE * OPEN_LOOP_SECONDS;
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const wallStart = Date.now();
  const requests: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / OPEN_LOOP_RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = JSON.stringify(aShipment());
    requests.push(
      (async () => {
        // Latency counts from when the request was due, so a client that fell behind shows it.
        try {
          const shipment = await post(`${base}/api/v1/shipments`, body);
          latencies.push(performance.now() - due);
          watch.expect([shipment.id]);
        } catch {
          failed++; // an overloaded server resets connections: counted, not hidden
        }
      })(),
    );
  }
  await Promise.all(requests);
  const elapsed = (performance.now() - started) / 1000;
  await watch.drained(wallStart);
  const { p50, p99, max } = latencySummary(latencies);
  report(`intake: single creates at ${OPEN_LOOP_RATE} requests/s (open loop, ${OPEN_LOOP_SECONDS} s)`, {
    requests: total,
    'failed requests': failed,
    'achieved, requests/s': round(latencies.length / elapsed, 0),
    'latency p50, ms': p50,
    'latency p99, ms': p99,
    'latency max, ms': max,
    'target p99 ≤ 50 ms': p99 <= 50 ? 'met' : 'not met',
  });
}

async function batches(base: string, watch: TopicWatch) {
  const bodies = Array.from({ length: BATCHES }, () => JSON.stringify(Array.from({ length: 1000 }, () => aShipment())));
  const latencies: number[] = [];
  let created = 0;
  const started = Date.now();
  let next = 0;
  // Two merchants sending batches side by side.
  await Promise.all(
    [0, 1].map(async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t0 = performance.now();
        const answer = await post(`${base}/api/v1/shipments/batch`, body);
        latencies.push(performance.now() - t0);
        created += answer.created;
        watch.expect(answer.results.map((r: { id: string }) => r.id));
      }
    }),
  );
  const answeredMs = Date.now() - started;
  const lastEvent = await watch.drained(started);
  const { p50, p99 } = latencySummary(latencies);
  const rate = round(created / ((lastEvent - started) / 1000), 0);
  report('intake: POST /shipments/batch, 1,000 shipments each, 2 concurrent clients', {
    shipments: created,
    'answered, shipments/s': round(created / (answeredMs / 1000), 0),
    'with events on Kafka, shipments/s': rate,
    'batch latency p50, ms': p50,
    'batch latency p99, ms': p99,
    'target ≥ 3,000/s': rate >= 3000 ? 'met' : 'not met',
  });
}

async function csvImport(base: string, watch: TopicWatch) {
  const csv = csvOf(Array.from({ length: CSV_ROWS }, () => aCsvRow()));
  const started = Date.now();
  const answer = await post(`${base}/api/v1/shipments/import`, csv, 'text/csv');
  const answeredMs = Date.now() - started;
  watch.expect(answer.results.map((r: { id: string }) => r.id));
  const lastEvent = await watch.drained(started);
  const rate = round(answer.created / ((lastEvent - started) / 1000), 0);
  report(`intake: POST /shipments/import, one CSV of ${CSV_ROWS.toLocaleString('en')} rows`, {
    'file size, MiB': round(Buffer.byteLength(csv) / 2 ** 20),
    shipments: answer.created,
    'answered after, s': round(answeredMs / 1000),
    'answered, shipments/s': round(answer.created / (answeredMs / 1000), 0),
    'with events on Kafka, shipments/s': rate,
    'target ≥ 3,000/s': rate >= 3000 ? 'met' : 'not met',
  });
}

function load(): string {
  return os.loadavg().map((l) => l.toFixed(1)).join(' / ');
}

async function main() {
  const loadAtStart = load();
  const database = await createDatabase('bench_intake');
  const service = await startHttpService('services/shipment-intake/src/main.ts', {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    LOG_LEVEL: 'warn',
    OUTBOX_POLL_MS: '100',
    NODE_ENV: 'production',
    TRACKING_TOKEN_SECRET: `bench-${randomUUID()}`,
    JWT_SECRET: `bench-jwt-${randomUUID()}`,
  });
  // Measured as merchants call it: with an integration key, looked up on every request.
  merchantKey = await benchIntegrationKey(service.baseUrl, database.url);
  const watch = new TopicWatch();
  const observer = testKafka('bench-intake-observer').consumer({ groupId: `bench-intake-${randomUUID()}` });
  await observer.connect();
  await observer.subscribe({ topic: Topics.shipments, fromBeginning: true });
  const joined = new Promise<void>((resolve) => observer.on(observer.events.GROUP_JOIN, () => resolve()));
  await observer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        if (message.headers?.['event-type']?.toString() === 'shipment.created') watch.seen(message.key!.toString());
      }
    },
  });
  await joined;
  try {
    // Warm up the service (JIT, connection pools, producer) before measuring.
    for (let i = 0; i < 200; i++) watch.expect([(await post(`${service.baseUrl}/api/v1/shipments`, JSON.stringify(aShipment()))).id]);
    await watch.drained(Date.now());

    await singleCreatesClosedLoop(service.baseUrl, watch);
    await singleCreatesOpenLoop(service.baseUrl, watch);
    await batches(service.baseUrl, watch);
    await csvImport(service.baseUrl, watch);
    report('intake: service process', {
      'peak RSS, MiB': peakRssMiB(service.child.pid!),
      'machine load average 1/5/15 min, at start': loadAtStart,
      'machine load average 1/5/15 min, at end': load(),
    });
  } finally {
    await observer.disconnect();
    await service.stop();
    await database.drop();
  }
}

runBenchmark(main);
