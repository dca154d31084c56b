import { EventBus, IncomingMessage, OutgoingMessage, Subscription } from '../event-bus';

interface Entry {
  message: IncomingMessage;
  /** Groups that still have to commit this message before `publish` may resolve. */
  awaiting: Set<string>;
  settle: () => void;
}

interface PartitionLog {
  /** Offset of entries[0]; entries every group has committed are dropped. */
  base: number;
  entries: Entry[];
  next: number;
}

interface GroupCursor {
  subscription: Subscription;
  offsets: Map<string, number>;
  wake: () => void;
}

const PARTITIONS = 3;
const MAX_BATCH = 500;

function partitionFor(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(31, hash) + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % PARTITIONS;
}

/**
 * The standalone transport: a partitioned in-memory log with consumer groups, the same keys
 * and batches as Kafka, and at-least-once delivery (a batch whose handler throws is retried).
 *
 * `publish` resolves only when every group subscribed to the topic has committed the message,
 * so the outbox marks a row sent only after it was handled: a crash before that leaves the row
 * unsent, the relay publishes it again on restart and the consumers' inbox drops the repeat.
 */
export class InProcessBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly logs = new Map<string, PartitionLog>();
  private readonly groups: GroupCursor[] = [];
  private running = false;

  constructor(private readonly logger: { warn(msg: string): void } = console) {}

  async start(): Promise<void> {
    this.running = true;
  }

  private log(topic: string, partition: number): PartitionLog {
    const id = `${topic}/${partition}`;
    let log = this.logs.get(id);
    if (!log) {
      log = { base: 0, entries: [], next: 0 };
      this.logs.set(id, log);
    }
    return log;
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    const settled: Promise<void>[] = [];
    for (const message of messages) {
      const partition = partitionFor(message.key);
      const log = this.log(message.topic, partition);
      const awaiting = new Set(
        this.groups.filter((g) => g.subscription.topics.includes(message.topic)).map((g) => g.subscription.groupId),
      );
      if (awaiting.size === 0) continue; // nobody listens: like Kafka without consumers, nothing waits
      let settle!: () => void;
      settled.push(new Promise<void>((resolve) => (settle = resolve)));
      log.entries.push({
        awaiting,
        settle,
        message: {
          topic: message.topic,
          partition,
          offset: String(log.next++),
          key: message.key,
          value: Buffer.isBuffer(message.value) ? message.value : Buffer.from(message.value),
          headers: { ...message.headers },
        },
      });
    }
    for (const group of this.groups) group.wake();
    await Promise.all(settled);
  }

  async subscribe(subscription: Subscription): Promise<void> {
    let wake: () => void = () => undefined;
    const cursor: GroupCursor = { subscription, offsets: new Map(), wake: () => wake() };
    this.groups.push(cursor);
    for (const topic of subscription.topics) {
      for (let partition = 0; partition < PARTITIONS; partition++) {
        void this.consume(cursor, topic, partition, (w) => (wake = chain(wake, w)));
      }
    }
  }

  private async consume(
    cursor: GroupCursor,
    topic: string,
    partition: number,
    onWake: (wake: () => void) => void,
  ): Promise<void> {
    const id = `${topic}/${partition}`;
    let signal: (() => void) | null = null;
    onWake(() => signal?.());
    let failures = 0;
    while (this.running) {
      const log = this.log(topic, partition);
      // A group that joined late may point before the log's start: those entries were not for it.
      const from = Math.max(cursor.offsets.get(id) ?? log.base, log.base);
      const pending = log.entries.slice(from - log.base, from - log.base + MAX_BATCH);
      if (pending.length === 0) {
        await new Promise<void>((resolve) => {
          signal = resolve;
          setTimeout(resolve, 1000).unref();
        });
        signal = null;
        continue;
      }
      try {
        await cursor.subscription.handleBatch(
          { topic, partition, messages: pending.map((e) => e.message) },
          {
            heartbeat: async () => undefined,
            commit: async (offset) => this.commit(cursor, log, id, Number(offset)),
          },
        );
        failures = 0;
      } catch (error) {
        failures++;
        this.logger.warn(`in-process bus: ${cursor.subscription.groupId} failed on ${id}, retrying: ${error}`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** failures)));
      }
    }
  }

  private commit(cursor: GroupCursor, log: PartitionLog, id: string, offset: number): void {
    const from = Math.max(cursor.offsets.get(id) ?? log.base, log.base);
    const groupId = cursor.subscription.groupId;
    for (let o = from; o <= offset; o++) {
      const entry = log.entries[o - log.base];
      if (!entry) continue;
      entry.awaiting.delete(groupId);
      if (entry.awaiting.size === 0) entry.settle();
    }
    cursor.offsets.set(id, Math.max(from, offset + 1));
    let done = 0;
    while (done < log.entries.length && log.entries[done].awaiting.size === 0) done++;
    if (done > 0) {
      log.entries.splice(0, done);
      log.base += done;
    }
  }

  async isHealthy(): Promise<boolean> {
    return this.running;
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const group of this.groups) group.wake();
  }
}

function chain(first: () => void, second: () => void): () => void {
  return () => {
    first();
    second();
  };
}
