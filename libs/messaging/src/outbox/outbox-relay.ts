import { DataSource } from 'typeorm';
import { EventBus, OutgoingMessage } from '../event-bus';
import { decodeOutboxRow, messageBytes, splitInOrder } from './outbox-row';

export interface OutboxRelayOptions {
  schema: string;
  batchSize?: number;
  pollIntervalMs?: number;
  /** Sent rows are kept this long for audit and replay, then deleted. */
  retainSentMs?: number;
  logger?: { error(msg: string): void };
}

const COALESCE_MS = 5;

/**
 * Messages per relay transaction unless `batchSize` says otherwise. In tracking's benchmark the
 * relay, sharing its event loop with the consumers, fell ~60,000 messages behind with 1,000 and
 * ~35,000-42,000 with 2,000.
 */
const DEFAULT_BATCH_SIZE = 2000;

/**
 * Kafka refuses a record batch over `message.max.bytes` (1 MiB by default), and one send makes
 * one batch per partition: a send is kept under that even if every message went to one partition.
 */
export const MAX_SEND_BYTES = 900 * 1024;

/** Splits messages, in order, into sends of at most `maxCount` messages and about `maxBytes`. */
export function sendsOf(messages: OutgoingMessage[], maxCount: number, maxBytes = MAX_SEND_BYTES): OutgoingMessage[][] {
  return splitInOrder(messages, maxCount, maxBytes, messageBytes);
}

/** A claimed row: a batch (`messages`, MessagingTablesV2) or one message written before it. */
interface OutboxRow {
  topic: string | null;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string> | null;
  messages: string | null;
}

/**
 * Publishes committed outbox rows in id order, each row's messages in the order written, in
 * batches, and marks them sent in the same transaction. A transaction-scoped advisory lock lets
 * only one relay per schema publish at a time, so several instances can run without reordering
 * one shipment's events.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private active: Promise<void> | null = null;
  private again = false;
  private lastCleanup = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly options: OutboxRelayOptions,
  ) {}

  private written = false;

  start(): void {
    this.running = true;
    // Publish right after any commit that wrote outbox rows instead of waiting for the next poll.
    this.dataSource.subscribers.push({
      afterTransactionCommit: () => {
        if (!this.written) return;
        this.written = false;
        this.nudge();
      },
    });
    this.schedule(0);
  }

  /** Outbox calls this when a transaction adds rows; the relay wakes once that commit lands. */
  markWritten(): void {
    this.written = true;
  }

  nudge(): void {
    if (!this.running) return;
    if (this.active) {
      this.again = true;
      return;
    }
    // Commits that land within a few milliseconds of each other leave in one batch: under load
    // that is one relay transaction for many requests instead of one each.
    if (this.timer && this.dueAt <= Date.now() + COALESCE_MS) return;
    this.schedule(COALESCE_MS);
  }

  private dueAt = 0;

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = Date.now() + delayMs;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.active) return;
    let full = false;
    this.active = (async () => {
      try {
        const published = await this.publishPending();
        full = published >= this.batchSize;
        await this.cleanup();
      } catch (error) {
        this.options.logger?.error(`outbox relay (${this.options.schema}): ${error}`);
      }
    })();
    await this.active;
    this.active = null;
    const again = this.again;
    this.again = false;
    this.schedule(full ? 0 : again ? COALESCE_MS : this.options.pollIntervalMs ?? 500);
  }

  /**
   * Publishes one batch; returns how many messages it sent. One statement claims the batch: it
   * takes the schema's advisory lock (evaluated once; another relay holding it means no rows) and
   * marks the oldest unsent rows sent, as many as hold fewer than `batchSize` messages before the
   * last one (always at least one row), returning them. The mark commits only after the broker
   * has acknowledged every message, so a failed send leaves the rows unsent for the next try.
   */
  async publishPending(): Promise<number> {
    const schema = this.options.schema;
    const batchSize = this.batchSize;
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `WITH claimed AS (
           UPDATE "${schema}".outbox SET sent_at = now()
           WHERE id IN (
             SELECT id FROM (
               SELECT id, sum(message_count) OVER (ORDER BY id) - message_count AS before
               FROM "${schema}".outbox
               WHERE sent_at IS NULL AND (SELECT pg_try_advisory_xact_lock(hashtext($1)))
               ORDER BY id LIMIT $2) AS pending
             WHERE before < $2)
           RETURNING id, topic, key, value, headers, messages)
         SELECT topic, key, value, headers, messages FROM claimed ORDER BY id`,
        [`${schema}.outbox`, batchSize],
      );
      const messages = rows.flatMap((row): OutgoingMessage[] =>
        row.messages !== null
          ? decodeOutboxRow(row.messages)
          : [{ topic: row.topic!, key: row.key!, value: row.value!, headers: row.headers! }],
      );
      // One send after the other, so order holds across sends.
      for (const send of sendsOf(messages, batchSize)) await this.bus.publish(send);
      return messages.length;
    });
  }

  private get batchSize(): number {
    return this.options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    const retainMs = this.options.retainSentMs ?? 24 * 3600_000;
    await this.dataSource.query(
      `DELETE FROM "${this.options.schema}".outbox WHERE sent_at < now() - ($1 || ' milliseconds')::interval`,
      [String(retainMs)],
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.active;
  }
}
