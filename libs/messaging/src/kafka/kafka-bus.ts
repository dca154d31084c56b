import { Admin, Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { ALL_TOPICS, deadLetterTopic } from '@waybill/contracts';
import { EventBus, IncomingMessage, OutgoingMessage, Subscription } from '../event-bus';
import { KeyPartitioner } from './key-partitioner';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** Partitions for topics this bus creates. */
  partitions?: number;
  /** How long a silent consumer keeps its partitions before the group moves them (min 6 s). */
  sessionTimeoutMs?: number;
  /**
   * Lets several platforms (parallel test suites, a staging copy) share one cluster: every topic
   * (`<namespace>.waybill.shipments.v1`) and consumer group id gets `<namespace>.` in front, so
   * they neither read each other's data nor split each other's partitions. Handlers and
   * publishers keep using the contract names; the bus adds and strips the prefix.
   */
  namespace?: string;
  logger?: { warn(msg: string): void; error(msg: string): void };
}

function headersOf(raw: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  // for-in rather than Object.entries: no array per message, most of which (scans) have no headers.
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined && value !== null) headers[name] = value.toString();
  }
  return headers;
}

/**
 * kafkajs behind the EventBus seam: one idempotent producer (acks=all, one request in flight) and one consumer per
 * group, run with `eachBatch` and manual offset commits so offsets move only after the DB commit.
 */
export class KafkaBus implements EventBus {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly consumers: Consumer[] = [];

  constructor(private readonly options: KafkaBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      retry: { retries: 8, initialRetryTime: 200 },
    });
    // Idempotent, one request in flight: a retried send neither duplicates nor reorders messages
    // on the broker. Retries are bounded by kafkajs' maxRetryTime (30 s), not by a count; a relay
    // crash can still publish a row twice, which every consumer's inbox absorbs.
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: KeyPartitioner,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 30_000 },
    });
    this.admin = this.kafka.admin();
  }

  async start(): Promise<void> {
    await this.admin.connect();
    await this.ensureTopics();
    await this.producer.connect();
  }

  /** `<namespace>.`, or nothing: what the broker's topic and group names carry in front. */
  private get prefix(): string {
    return this.options.namespace ? `${this.options.namespace}.` : '';
  }

  /** The broker-side name of a contract topic. */
  topicName(topic: string): string {
    return `${this.prefix}${topic}`;
  }

  /** The contract name of a topic this bus subscribed to (always one it named itself). */
  private contractName(brokerTopic: string): string {
    return brokerTopic.slice(this.prefix.length);
  }

  /** Creates every contract topic and its dead-letter topic; existing ones are left alone. */
  async ensureTopics(): Promise<void> {
    await this.createTopics(ALL_TOPICS.flatMap((topic) => [topic, deadLetterTopic(topic)]));
  }

  /**
   * Creates the missing topics and waits until every partition has a leader. A KRaft broker can
   * answer "unknown topic" for a moment after creating one, so readiness is polled, not assumed.
   */
  async createTopics(contractTopics: string[]): Promise<void> {
    const topics = contractTopics.map((topic) => this.topicName(topic));
    const existing = new Set(await this.admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      try {
        await this.admin.createTopics({
          waitForLeaders: false,
          topics: missing.map((topic) => ({ topic, numPartitions: this.options.partitions ?? 3 })),
        });
      } catch (error) {
        // Another instance created them first: fine.
        if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
      }
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const { topics: metadata } = await this.admin.fetchTopicMetadata({ topics });
        if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) throw new Error(`topics have no leaders yet: ${topics.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const message of messages) {
      const topic = this.topicName(message.topic);
      const list = byTopic.get(topic) ?? [];
      list.push(message);
      byTopic.set(topic, list);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        // kafkajs reads key, value and headers (and partition and timestamp, which ours lack):
        // the messages go as they are, without a copy of each.
        messages: list,
      })),
    });
  }

  async subscribe(subscription: Subscription): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `${this.prefix}${subscription.groupId}`,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
      // Long polls end early when data arrives; a short wait keeps disconnects (shutdown) fast.
      maxWaitTimeInMs: 500,
    });
    this.consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({
      topics: subscription.topics.map((topic) => this.topicName(topic)),
      fromBeginning: true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch, heartbeat, resolveOffset, isRunning, isStale }) => {
        const topic = this.contractName(batch.topic);
        const messages: IncomingMessage[] = batch.messages.map((m) => ({
          topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key ? m.key.toString() : null,
          value: m.value,
          headers: headersOf(m.headers as Record<string, unknown>),
        }));
        await subscription.handleBatch(
          { topic, partition: batch.partition, messages },
          {
            heartbeat,
            commit: async (offset) => {
              if (!isRunning() || isStale()) return;
              resolveOffset(offset);
              await consumer.commitOffsets([
                { topic: batch.topic, partition: batch.partition, offset: (BigInt(offset) + 1n).toString() },
              ]);
            },
          },
        );
      },
    });
  }

  async isHealthy(): Promise<boolean> {
    try {
      await this.admin.describeCluster();
      return true;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.consumers.map((consumer) => consumer.disconnect()));
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
