// notifications on one instance: N connected /board clients and the latency from an event to
// the alert at every client at ~1,000 events/s, then emails/s through a real SMTP server.
// The service runs in this process (in-process bus, real PostgreSQL); the Socket.IO clients run
// in two child processes so they do not share the server's event loop.
import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Histogram, register } from 'prom-client';
import { SMTPServer } from 'smtp-server';
import { io, Socket } from 'socket.io-client';
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import {
  BoardItem,
  ClientToServerEvents,
  EventEnvelope,
  newEvent,
  ServerToClientEvents,
  SocketNamespaces,
} from '@waybill/contracts';
import { issueStaffToken } from '@waybill/access';
import { InProcessBus } from '@waybill/messaging';
import { NotificationsModule } from '@waybill/notifications';
import { LivePush } from '../../services/notifications/src/live/live-push.service';
import { startHostedService } from '../support/hosted-service';
import { latencySummary, report, round, runBenchmark, trackPeakMemory } from './bench-kit';
import { createDatabase, query } from '../support/postgres';
import { publishOnBus } from '../integration/notifications/support/events';

const CLIENTS = Number(process.env.BENCH_BOARD_CLIENTS ?? 5000);
/**
 * How many of the clients decode every batch with socket.io's own JSON parser, as a browser
 * would; the others read batches lazily (see LazyBatchDecoder). Reported separately.
 */
const FULL_CLIENTS = Number(process.env.BENCH_FULL_CLIENTS ?? 100);
const WORKERS = 2;
const RATE = Number(process.env.BENCH_EVENTS_PER_SECOND ?? 1000);
const SUSTAINED_RATE = Number(process.env.BENCH_SUSTAINED_EVENTS_PER_SECOND ?? 200);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);
/** One event in this many is an SLA alert; the rest are status changes (board updates). */
const ALERT_EVERY = 20;
const SHIPMENTS = 2000;
const EMAILS = Number(process.env.BENCH_EMAILS ?? 500);
/** How long, after everything is consumed, the alerts still on their way may take to arrive. */
const DRAIN_WAIT_MS = Number(process.env.BENCH_DRAIN_WAIT_MS ?? 30_000);
const CARRIERS = ['dhl', 'ups', 'dpd', 'gls', 'colissimo'];
const ROOT = path.resolve(__dirname, '../..');

const progress = (message: string) => console.error(`[notifications bench] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- client worker (child process)

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The bench's 5,000 clients share the service's two cores, where in life each is a browser on a
 * machine of its own. Parsing every batch (about 130 µs per 50 items) on the bench's side would
 * cost the clients several cores at 1,000 events/s and measure the load generator, not the
 * service. So most clients keep socket.io-client for everything (handshake with the staff token,
 * acks, pings) but receive `board.batch` as its raw JSON text and read the SLA alerts out of it by
 * string search; FULL_CLIENTS of them parse every batch as a browser does, to show the two agree.
 */
const BATCH_FRAME = `${PacketType.EVENT}${SocketNamespaces.board},["board.batch",`;
class LazyBatchDecoder extends Decoder {
  override add(chunk: unknown): void {
    if (typeof chunk === 'string' && chunk.startsWith(BATCH_FRAME) && chunk.endsWith(']')) {
      this.emitReserved('decoded', { type: PacketType.EVENT, nsp: SocketNamespaces.board, data: ['board.batch', chunk.slice(BATCH_FRAME.length, -1)] });
      return;
    }
    super.add(chunk);
  }
}

/** When each SLA alert in a raw batch happened (items are `{"seq":…,"type":…,"data":{…,"occurredAt":"…"}}`). */
export function alertTimesIn(raw: string): number[] {
  const times: number[] = [];
  const marker = '"type":"sla.alert"';
  const field = '"occurredAt":"';
  for (let at = raw.indexOf(marker); at !== -1; at = raw.indexOf(marker, at + marker.length)) {
    const start = raw.indexOf(field, at) + field.length;
    times.push(Date.parse(raw.slice(start, raw.indexOf('"', start))));
  }
  return times;
}

interface ClientGroup {
  latencies: number[];
  alerts: number;
  batches: number;
}

const newGroup = (): ClientGroup => ({ latencies: [], alerts: 0, batches: 0 });

async function runClientWorker(): Promise<void> {
  const { url, token, count, index, full } = JSON.parse(process.env.BENCH_CLIENT_WORKER!);
  const groups = { lazy: newGroup(), full: newGroup() };
  const sockets: ClientSocket[] = [];
  const onBatch = (kind: keyof typeof groups) => (items: BoardItem[] | string) => {
    const group = groups[kind];
    group.batches++;
    const now = Date.now();
    if (typeof items === 'string') {
      for (const at of alertTimesIn(items)) {
        group.alerts++;
        group.latencies.push(now - at);
      }
      return;
    }
    for (const item of items) {
      if (item.type !== 'sla.alert') continue;
      group.alerts++;
      group.latencies.push(now - Date.parse(item.data.occurredAt));
    }
  };
  const connectStarted = Date.now();
  const connectOne = async (i: number) => {
    // Every dispatcher's handshake carries their staff token, checked by the gateway.
    const lazy = i >= full;
    const socket: ClientSocket = io(`${url}${SocketNamespaces.board}`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(lazy ? { parser: { Encoder, Decoder: LazyBatchDecoder } } : {}),
    });
    socket.on('board.batch', onBatch(lazy ? 'lazy' : 'full') as (items: BoardItem[]) => void);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    // Half follow everything, half one carrier, as dispatchers would.
    const filters = (index * count + i) % 2 === 0 ? {} : { carrier: CARRIERS[i % CARRIERS.length] };
    const ack = await socket.timeout(30_000).emitWithAck('board.subscribe', { filters });
    if (!ack.ok) throw new Error(ack.error);
    sockets.push(socket);
  };
  let failed = 0;
  for (let start = 0; start < count; start += 100) {
    const results = await Promise.allSettled(Array.from({ length: Math.min(100, count - start) }, (_, i) => connectOne(start + i)));
    failed += results.filter((r) => r.status === 'rejected').length;
  }
  let cpuMark = process.cpuUsage();
  process.send!({ type: 'connected', connected: sockets.length, failed, seconds: (Date.now() - connectStarted) / 1000 });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'collect') {
      const connected = sockets.filter((s) => s.connected).length;
      const cpu = process.cpuUsage(cpuMark);
      cpuMark = process.cpuUsage();
      process.send!({ type: 'collect', groups, connected, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
      groups.lazy = newGroup();
      groups.full = newGroup();
    }
    if (message.type === 'count') process.send!({ type: 'count', alerts: groups.lazy.alerts + groups.full.alerts });
    if (message.type === 'stop') {
      sockets.forEach((s) => s.disconnect());
      setTimeout(() => process.exit(0), 200);
    }
  });
}

// ---------------------------------------------------------------- the service under test

async function startNotifications(databaseUrl: string, bus: InProcessBus): Promise<{ app: INestApplication; url: string; token: string }> {
  const settings = {
    databaseUrl,
    trackingTokenSecret: 'bench-tracking-token-secret-0123456789',
    publicBaseUrl: 'http://localhost:3000',
    outboxPollMs: 100,
  };
  // Hosted as runDistributedService hosts it: /board checks each handshake's staff token.
  const { app, baseUrl } = await startHostedService({
    name: 'bench',
    databaseUrl,
    bus,
    services: [NotificationsModule.register(settings)],
    connections: [NotificationsModule.serviceName],
  });
  return { app, url: baseUrl, token: await issueStaffToken(app, 'dispatcher') };
}

function created(shipmentId: string, i: number, email: string | undefined): EventEnvelope<'shipment.created'> {
  return newEvent(
    'shipment.created',
    shipmentId,
    {
      trackingNumber: `WBBENCH${String(i).padStart(10, '0')}${shipmentId.slice(0, 4).toUpperCase()}`.slice(0, 20),
      serviceLevel: 'express',
      carrier: CARRIERS[i % CARRIERS.length],
      promisedBy: new Date(Date.now() + 86_400_000).toISOString(),
      policyVersion: 'bench',
      recipient: { name: 'Bench Recipient', ...(email ? { email } : {}), locale: i % 3 === 0 ? 'fr' : 'en' },
      origin: { city: 'Lyon', postalCode: '69001', country: 'FR' },
      destination: { city: 'Paris', postalCode: '75001', country: ['FR', 'DE', 'BE', 'NL'][i % 4] },
      parcels: [{ weightGrams: 1000 }],
    },
    { source: 'bench' },
  );
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

interface WorkerReport {
  cpuSeconds: number;
  groups: { lazy: ClientGroup; full: ClientGroup };
  connected: number;
}

function ask<T>(worker: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: { type: string }) => {
      if (message.type !== type) return;
      worker.off('message', listener);
      resolve(message as T);
    };
    worker.on('message', listener);
    worker.send({ type });
  });
}

/** Cumulative bucket counts of the service's alert-written histogram (`le` in seconds → count). */
async function alertWrittenBuckets(): Promise<Map<number, number>> {
  const metric = await (register.getSingleMetric('waybill_board_alert_written_seconds') as Histogram | undefined)?.get();
  const buckets = new Map<number, number>();
  for (const value of metric?.values ?? []) {
    if (value.metricName?.endsWith('_bucket')) buckets.set(value.labels.le === '+Inf' ? Infinity : Number(value.labels.le), value.value);
  }
  return buckets;
}

/**
 * The service's own share of the alert latency between two readings: the bucket bound under which
 * p % of the alerts had been written to every subscribed socket ("≤ 0.3 s"). Bucket-coarse, and
 * free of what the co-located clients add by reading late.
 */
function writtenWithin(before: Map<number, number>, after: Map<number, number>, p: number): string {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total === 0) return 'no alerts';
  const bound = bounds.find((le) => (after.get(le) ?? 0) - (before.get(le) ?? 0) >= (p / 100) * total);
  return bound === Infinity ? `> ${bounds.at(-2)} s` : `≤ ${bound} s`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const memory = trackPeakMemory();
  const database = await createDatabase('bench_notifications');
  const messages = { count: 0, first: 0, last: 0 };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        if (messages.count === 0) messages.first = Date.now();
        messages.count++;
        messages.last = Date.now();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  process.env.SMTP_MAX_CONNECTIONS = '10';
  process.env.NOTIFY_SEND_CONCURRENCY = '40';
  process.env.NOTIFY_DISPATCH_POLL_MS = '100';
  const bus = new InProcessBus();
  const publish = publishOnBus(bus);
  const service = await startNotifications(database.url, bus);
  const workers: ChildProcess[] = [];

  try {
    // 1. Shipments to talk about (no email: phase 2 measures email on its own).
    const ids = Array.from({ length: SHIPMENTS }, () => randomUUID());
    for (let i = 0; i < SHIPMENTS; i += 500) {
      await publish(ids.slice(i, i + 500).map((id, j) => created(id, i + j, undefined)));
    }
    await waitFor(
      async () => (await query<{ n: number }>(database.url, 'SELECT count(*)::int AS n FROM notifications.shipments'))[0].n === SHIPMENTS,
      60_000,
      'shipments',
    );

    progress('shipments registered');
    // 2. Connect the board clients.
    const perWorker = Math.ceil(CLIENTS / WORKERS);
    const connectedCounts = await Promise.all(
      Array.from({ length: WORKERS }, (_, index) => {
        const worker = fork(path.join(ROOT, 'tools/run-ts.js'), [__filename], {
          env: { ...process.env, BENCH_CLIENT_WORKER: JSON.stringify({ url: service.url, token: service.token, count: perWorker, index, full: Math.ceil(FULL_CLIENTS / WORKERS) }) },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        // The clients stand in for 5,000 browsers on machines of their own: at the lowest CPU
        // priority they take what the service leaves, instead of competing with it as equals.
        if (worker.pid) os.setPriority(worker.pid, 19);
        workers.push(worker);
        return new Promise<{ connected: number; failed: number; seconds: number }>((resolve, reject) => {
          worker.once('message', (m: any) => resolve(m));
          worker.once('exit', (code) => reject(new Error(`client worker exited with ${code}`)));
        });
      }),
    );
    const connected = connectedCounts.reduce((sum, c) => sum + c.connected, 0);
    const connectFailed = connectedCounts.reduce((sum, c) => sum + c.failed, 0);
    const connectSeconds = Math.max(...connectedCounts.map((c) => c.seconds));
    progress(`${connected} clients connected in ${connectSeconds} s (${connectFailed} failed)`);
    await sleep(1000);

    // 3. Load, at a rate the consumer keeps up with and at the target rate; every ALERT_EVERY-th
    // event an SLA alert, the rest status changes (board updates).
    const versions = new Map<string, number>();
    const slaState = new Map<string, string>();
    let sent = 0;
    const phase = async (rate: number, seconds: number) => {
      await Promise.all(workers.map((w) => ask(w, 'collect')));
      const writtenBefore = await alertWrittenBuckets();
      const serverCpu = process.cpuUsage();
      let published = 0;
      let alertsSent = 0;
      const sliceMs = 50;
      const perSlice = Math.max(1, Math.round((rate * sliceMs) / 1000));
      const inFlight = new Set<Promise<void>>();
      let behind = 0;
      const phaseStarted = Date.now();
      for (let slice = 0; (slice * sliceMs) / 1000 < seconds; slice++) {
        const wait = phaseStarted + slice * sliceMs - Date.now();
        if (wait > 0) await sleep(wait);
        else behind = Math.max(behind, -wait);
        const events: EventEnvelope[] = [];
        for (let k = 0; k < perSlice; k++, sent++, published++) {
          const id = ids[sent % SHIPMENTS];
          if (sent % ALERT_EVERY === 0) {
            // at_risk → breached → recovered per shipment, so each alert is a real change of SLA state.
            const next = slaState.get(id) === 'at_risk' ? 'breached' : slaState.get(id) === 'breached' ? 'on_track' : 'at_risk';
            slaState.set(id, next);
            const type = next === 'at_risk' ? 'sla.at_risk' : next === 'breached' ? 'sla.breached' : 'sla.recovered';
            if (type !== 'sla.recovered') alertsSent++;
            const promisedBy = new Date(Date.now() + 86_400_000).toISOString();
            events.push(
              newEvent(type, id, { previousState: 'on_track', state: next as 'at_risk', promisedBy, ...(type === 'sla.at_risk' ? { reason: 'no_scan_too_long' as const } : {}) }, { source: 'bench' }),
            );
          } else {
            const version = (versions.get(id) ?? 0) + 1;
            versions.set(id, version);
            events.push(
              newEvent('tracking.status_changed', id, { trackingNumber: 'WBBENCH0000', previousStatus: 'in_transit', status: 'in_transit', version }, { source: 'bench' }),
            );
          }
        }
        // Not awaited: the in-process bus resolves a publish once it is consumed, and the load
        // keeps its rate whether or not the service keeps up (a backlog shows as latency).
        const done: Promise<void> = publish(events).then(() => void inFlight.delete(done));
        inFlight.add(done);
      }
      const publishSeconds = (Date.now() - phaseStarted) / 1000;
      await Promise.all(inFlight);
      const drainedSeconds = (Date.now() - phaseStarted) / 1000;
      // The last alerts reach the clients: wait until every expected delivery has arrived (up
      // to DRAIN_WAIT_MS), so late ones count in the percentiles instead of being left out.
      const expected = Math.round(alertsSent * (connected / 2 + connected / 2 / CARRIERS.length));
      const waitUntil = Date.now() + DRAIN_WAIT_MS;
      await sleep(500);
      while (Date.now() < waitUntil) {
        const counts = await Promise.all(workers.map((w) => ask<{ alerts: number }>(w, 'count')));
        if (counts.reduce((sum, c) => sum + c.alerts, 0) >= expected) break;
        await sleep(500);
      }
      const arrivedSeconds = (Date.now() - phaseStarted) / 1000 - drainedSeconds;
      const reports = await Promise.all(workers.map((w) => ask<WorkerReport>(w, 'collect')));
      const all = reports.flatMap((r) => [r.groups.lazy, r.groups.full]);
      const summary = latencySummary(all.flatMap((g) => g.latencies));
      const full = latencySummary(reports.flatMap((r) => r.groups.full.latencies));
      const serverUsed = process.cpuUsage(serverCpu);
      const writtenAfter = await alertWrittenBuckets();
      const wall = (Date.now() - phaseStarted) / 1000;
      progress(`phase ${rate}/s done: p50 ${summary.p50} p99 ${summary.p99}`);
      return {
        'target events/s': rate,
        'published events/s': round(published / publishSeconds),
        'consumed events/s (start → all consumed)': round(published / drainedSeconds),
        'publisher max lag (ms)': behind,
        'alerts published': alertsSent,
        'alert deliveries expected (alerts × clients in their rooms)': expected,
        'alert deliveries received': all.reduce((sum, g) => sum + g.alerts, 0),
        'last alert delivery after all consumed (s)': round(arrivedSeconds),
        'event → alert at every client p50 (ms)': summary.p50,
        'event → alert at every client p99 (ms)': summary.p99,
        'event → alert at every client max (ms)': summary.max,
        [`of which the ${FULL_CLIENTS} clients parsing every batch, p50 / p99 / max (ms)`]: `${full.p50} / ${full.p99} / ${full.max}`,
        'event → alert written to every socket, in the service, p50 / p99 (histogram bucket)': `${writtenWithin(writtenBefore, writtenAfter, 50)} / ${writtenWithin(writtenBefore, writtenAfter, 99)}`,
        'clients still connected': reports.reduce((sum, r) => sum + r.connected, 0),
        'board batches received per client per second': round(all.reduce((sum, g) => sum + g.batches, 0) / connected / wall),
        'CPU of the service process (cores)': round((serverUsed.user + serverUsed.system) / 1e6 / wall, 2),
        'CPU of the two client processes (cores)': round(reports.reduce((sum, r) => sum + r.cpuSeconds, 0) / wall, 2),
      };
    };
    const sustained = await phase(SUSTAINED_RATE, LOAD_SECONDS);
    const target = await phase(RATE, LOAD_SECONDS);

    // 3b. The floor under any alert latency: what one board flush costs when it carries almost
    // nothing (one counters item per room, ~250 bytes) to every connected client. No events are
    // flowing; the service's own BoardFeed does the fan-out, 20 times, 250 ms apart.
    await sleep(2000);
    const live = service.app.get(LivePush);
    const fanOutMs: number[] = [];
    const fanOutCpu = process.cpuUsage();
    for (let i = 0; i < 20; i++) {
      live.board.enqueueCounters((filters) => live.counters(filters));
      const flushStarted = process.hrtime.bigint();
      live.board.flush();
      fanOutMs.push(Number(process.hrtime.bigint() - flushStarted) / 1e6);
      await sleep(250);
    }
    const fanOutUsed = process.cpuUsage(fanOutCpu);
    const fanOut = latencySummary(fanOutMs);

    // 4. Emails: EMAILS breaches of shipments with an address, through the real SMTP server.
    const mailIds = Array.from({ length: EMAILS }, () => randomUUID());
    for (let i = 0; i < EMAILS; i += 500) {
      await publish(mailIds.slice(i, i + 500).map((id, j) => created(id, SHIPMENTS + i + j, `bench-${i + j}@example.com`)));
    }
    await waitFor(
      async () => (await query<{ n: number }>(database.url, 'SELECT count(*)::int AS n FROM notifications.shipments'))[0].n === SHIPMENTS + EMAILS,
      60_000,
      'email shipments',
    );
    const emailsStarted = Date.now();
    for (let i = 0; i < EMAILS; i += 500) {
      await publish(
        mailIds.slice(i, i + 500).map((id) =>
          newEvent('sla.breached', id, { previousState: 'late', state: 'breached', promisedBy: new Date().toISOString(), lateBySeconds: 60 }, { source: 'bench' }),
        ),
      );
    }
    await waitFor(async () => messages.count >= EMAILS, 120_000, 'emails');
    const emailSeconds = (messages.last - emailsStarted) / 1000;

    const flush = Number(process.env.BOARD_FLUSH_MS ?? 50);
    report(`notifications: /board clients on one instance (board flush ${flush} ms)`, {
      'board clients asked for': CLIENTS,
      'board clients connected': connected,
      'connect failures': connectFailed,
      'connect time (s)': round(connectSeconds),
    });
    report(`notifications: event → alert at ${connected} clients, ~${SUSTAINED_RATE} events/s (1 in ${ALERT_EVERY} an SLA alert)`, sustained);
    report(`notifications: event → alert at ${connected} clients, ~${RATE} events/s (1 in ${ALERT_EVERY} an SLA alert)`, target);
    report(`notifications: one small board flush (a counters item per room) to ${connected} clients, nothing else running`, {
      'flush time in the service, p50 / max (ms)': `${fanOut.p50} / ${fanOut.max}`,
      'CPU of the service per client per flush (µs)': round((fanOutUsed.user + fanOutUsed.system) / 20 / connected, 1),
      'share of one core a flush every 100 ms would take (%)': round((fanOut.p50 / 100) * 100),
    });
    report('notifications: emails through a real SMTP server (smtp-server, same process)', {
      'emails sent': messages.count,
      'emails/s, breach events published → last email received': round(EMAILS / emailSeconds),
      'emails/s, first → last email at the SMTP server': round((EMAILS - 1) / ((messages.last - messages.first) / 1000)),
      'peak RSS of the service process (MiB)': memory.stop(),
      'total run time (s)': round((Date.now() - started) / 1000),
    });
  } finally {
    workers.forEach((w) => w.connected && w.send({ type: 'stop' }));
    await service.app.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await database.drop();
  }
}

if (process.env.BENCH_CLIENT_WORKER) {
  runClientWorker().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  // Bounded: the whole run stops after 6 minutes whatever happens.
  const guard = setTimeout(() => {
    console.error('notifications bench: over 6 minutes, giving up');
    process.exit(1);
  }, 360_000);
  guard.unref();
  runBenchmark(main);
}
