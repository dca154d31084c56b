import { randomUUID } from 'node:crypto';
import { planJourney, placeOf, planShipment, type Fate, type PlannedScan } from './journeys';
import { seededRandom, type Random } from './random';

export interface SimulatorOptions {
  /** The platform's origin, e.g. http://localhost:3000. */
  baseUrl: string;
  /** How merchants and carriers authenticate: an integration key's header (`X-API-Key`). */
  credentials: Record<string, string>;
  seed?: number;
  /** New shipments per minute after the opening burst. */
  shipmentsPerMinute?: number;
  /** Shipments registered at once when the simulation starts, so the board is never empty. */
  openingBurst?: number;
  tickMs?: number;
  log?: (line: string) => void;
}

export interface SimulatorStats {
  created: number;
  scansSent: number;
  /** Requests sent again after a 5xx or a network error. */
  retries: number;
  /** Requests that failed for good (a 4xx, or a 5xx after every retry). */
  failedRequests: number;
  pendingScans: number;
  firstTrackingUrl: string | null;
}

const MAX_ATTEMPTS = 4;

interface Scheduled extends PlannedScan {
  trackingNumber: string;
  carrier: string;
}

/**
 * Plays merchants and carriers against the public HTTP API: merchants register shipments
 * (`POST /api/v1/shipments`), carriers report their scans in batches (`POST /api/v1/scans`),
 * some in their own codes, some late, some failing, some never delivered.
 */
export class DemoSimulator {
  readonly stats: SimulatorStats = { created: 0, scansSent: 0, retries: 0, failedRequests: 0, pendingScans: 0, firstTrackingUrl: null };
  private readonly random: Random;
  private readonly queue: Scheduled[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticking: Promise<void> | null = null;
  private owed = 0;
  private lastTick = Date.now();

  constructor(private readonly options: SimulatorOptions) {
    this.random = seededRandom(options.seed ?? Date.now());
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  /**
   * POSTs as a well-behaved integration does: a 5xx or a network error is retried with backoff,
   * which is safe because shipments carry an Idempotency-Key and scans their carrier event id.
   */
  private async post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T | null> {
    for (let attempt = 1; ; attempt++) {
      let problem: string;
      try {
        const response = await fetch(`${this.options.baseUrl}/api/v1${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...this.options.credentials, ...headers },
          body: JSON.stringify(body),
        });
        const text = await response.text();
        if (response.ok) return text ? (JSON.parse(text) as T) : null;
        problem = `answered ${response.status}: ${text.slice(0, 300)}`;
        if (response.status < 500) {
          this.stats.failedRequests++;
          this.log(`POST ${path} ${problem}`);
          return null;
        }
      } catch (error) {
        problem = `failed: ${(error as Error).message}`;
      }
      if (attempt >= MAX_ATTEMPTS) {
        this.stats.failedRequests++;
        this.log(`POST ${path} ${problem} (gave up after ${attempt} attempts)`);
        return null;
      }
      this.stats.retries++;
      this.log(`POST ${path} ${problem}; retrying`);
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }

  /** Registers one shipment as a merchant would and schedules its carrier's scans. */
  async createShipment(options: { fate?: Fate; promiseInMs?: number } = {}): Promise<{ trackingNumber: string; trackingToken: string } | null> {
    const planned = planShipment(this.random, options);
    const createdAt = Date.now();
    const request =
      planned.promiseInMs === null ? planned.request : { ...planned.request, promisedBy: new Date(createdAt + planned.promiseInMs).toISOString() };
    const created = await this.post<{ trackingNumber: string; trackingToken: string }>('/shipments', request, {
      'Idempotency-Key': randomUUID(),
    });
    if (!created) return null;
    this.stats.created++;
    this.stats.firstTrackingUrl ??= `${this.options.baseUrl}/t/${created.trackingNumber}?token=${created.trackingToken}`;
    // A shipment promised days away (by the SLA policy) just starts its journey in the demo.
    const promisedBy = planned.promiseInMs === null ? createdAt + 180_000 : createdAt + planned.promiseInMs;
    const fate = planned.promiseInMs === null ? 'never_delivered' : planned.fate;
    const request_ = request as { carrier: string; origin: { city: string; country: string }; destination: { city: string; country: string } };
    const scans = planJourney(
      { carrier: request_.carrier, origin: placeOf(request_.origin), destination: placeOf(request_.destination), createdAt, promisedBy, fate },
      this.random,
    );
    for (const scan of scans) this.queue.push({ ...scan, trackingNumber: created.trackingNumber, carrier: request_.carrier });
    this.queue.sort((a, b) => a.at - b.at);
    return { trackingNumber: created.trackingNumber, trackingToken: created.trackingToken };
  }

  /** Sends every scan that is due, as carriers do: one batch per tick. */
  async sendDueScans(now = Date.now()): Promise<number> {
    let due = 0;
    while (due < this.queue.length && this.queue[due].at <= now) due++;
    if (due === 0) return 0;
    const batch = this.queue.splice(0, due).map((scan) => ({
      carrierEventId: `${scan.carrier}-${randomUUID()}`,
      trackingNumber: scan.trackingNumber,
      carrier: scan.carrier,
      ...(scan.carrierCode ? { carrierCode: scan.carrierCode } : { status: scan.status }),
      occurredAt: new Date(scan.at).toISOString(),
      location: { facility: scan.facility, city: scan.city, country: scan.country },
      ...(scan.reasonCode && !scan.carrierCode ? { reasonCode: scan.reasonCode } : {}),
    }));
    // Feeds repeat themselves now and then: tracking must ignore the duplicate.
    if (this.random() < 0.1) batch.push(batch[0]);
    const answer = await this.post('/scans', batch);
    if (answer) this.stats.scansSent += batch.length;
    return batch.length;
  }

  /**
   * The opening burst: a board full at once, and a few parcels promised within seconds that
   * will never arrive, so alerts (late, then breached) show within the first half minute.
   */
  async start(): Promise<void> {
    const burst = this.options.openingBurst ?? 30;
    const doomed = Math.min(3, burst);
    const failing = Math.min(2, burst - doomed);
    const creations: Promise<unknown>[] = [];
    for (let i = 0; i < doomed; i++) creations.push(this.createShipment({ fate: 'never_delivered', promiseInMs: 8_000 + i * 3_000 }));
    for (let i = 0; i < failing; i++) creations.push(this.createShipment({ fate: 'failed_then_delivered', promiseInMs: 25_000 + i * 5_000 }));
    for (let i = doomed + failing; i < burst; i++) creations.push(this.createShipment());
    await Promise.all(creations);
    this.log(`opening burst: ${this.stats.created} shipments registered`);
    this.lastTick = Date.now();
    this.timer = setInterval(() => {
      if (this.ticking) return;
      this.ticking = this.tick().finally(() => (this.ticking = null));
    }, this.options.tickMs ?? 500);
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    this.owed += ((now - this.lastTick) / 60_000) * (this.options.shipmentsPerMinute ?? 30);
    this.lastTick = now;
    const creations: Promise<unknown>[] = [];
    while (this.owed >= 1) {
      this.owed--;
      creations.push(this.createShipment());
    }
    await Promise.all(creations);
    await this.sendDueScans(now);
    this.stats.pendingScans = this.queue.length;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }
}
