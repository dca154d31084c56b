/**
 * The transport seam. Kafka in distributed mode, an in-process log in standalone mode; both keep
 * per-key order inside a partition and deliver at least once.
 */
export interface OutgoingMessage {
  topic: string;
  /** Never null: the shipment id (scans: the tracking number) keeps one shipment in order. */
  key: string;
  value: Buffer | string;
  headers?: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface BatchContext {
  /** Keeps the consumer's group membership alive during a long batch. */
  heartbeat(): Promise<void>;
  /** Marks everything up to and including `offset` as done (called after the DB commit). */
  commit(offset: string): Promise<void>;
}

export type BatchHandler = (
  batch: { topic: string; partition: number; messages: IncomingMessage[] },
  context: BatchContext,
) => Promise<void>;

export interface Subscription {
  groupId: string;
  topics: string[];
  handleBatch: BatchHandler;
}

export interface EventBus {
  readonly kind: 'kafka' | 'in-process';
  start(): Promise<void>;
  /** Resolves once the transport has accepted every message durably (acks=all for Kafka). */
  publish(messages: OutgoingMessage[]): Promise<void>;
  subscribe(subscription: Subscription): Promise<void>;
  isHealthy(): Promise<boolean>;
  stop(): Promise<void>;
}

export const EVENT_BUS = Symbol('EVENT_BUS');
