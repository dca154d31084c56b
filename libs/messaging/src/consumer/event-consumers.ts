import { DataSource, EntityManager } from 'typeorm';
import { AnyEvent, decodeEvent, EventEnvelope, EventType, Topic } from '@waybill/contracts';
import { EventBus, IncomingMessage } from '../event-bus';
import { Outbox } from '../outbox/outbox';
import { AfterCommit, createInboxConsumer, Decoded } from './inbox-consumer';

/** A handler may return work for after its transaction commits (see AfterCommit). */
export type EventHandlers = {
  [T in EventType]?: (event: EventEnvelope<T>, manager: EntityManager) => Promise<AfterCommit>;
};

export interface Logger {
  warn(msg: string): void;
  error(msg: string): void;
  log?(msg: string): void;
}

/** One service's way onto the bus: consumer groups named after the service, its own inbox. */
export class EventConsumers {
  constructor(
    readonly service: string,
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly outbox: Outbox,
    private readonly logger: Logger,
  ) {}

  /** Subscribes typed handlers to contract events; event types without a handler are skipped. */
  async subscribeEvents(options: { topics: Topic[]; handlers: EventHandlers; group?: string }): Promise<void> {
    await this.subscribe<AnyEvent>({
      topics: options.topics,
      group: options.group,
      decode: (message) => {
        const event = decodeEvent(message.value);
        if (message.key !== event.shipmentId) {
          throw new Error(`message key ${message.key} does not match shipmentId ${event.shipmentId}`);
        }
        return { id: event.id, item: event };
      },
      handle: async (event, manager) => {
        const handler = options.handlers[event.type] as
          | ((e: AnyEvent, m: EntityManager) => Promise<AfterCommit>)
          | undefined;
        return handler?.(event, manager);
      },
    });
  }

  /** Subscribes to any message shape (e.g. raw carrier scans) with its own decoder. */
  async subscribe<T>(options: {
    topics: string[];
    group?: string;
    decode(message: IncomingMessage): Decoded<T>;
    handle(item: T, manager: EntityManager, message: IncomingMessage): Promise<AfterCommit>;
    /** Optional multi-row fast path; see createInboxConsumer. */
    handleMany?(items: { item: T; message: IncomingMessage }[], manager: EntityManager): Promise<AfterCommit>;
    /** Messages per transaction (default 500); see createInboxConsumer. */
    chunkSize?: number;
    /** The handler dedupes by its own unique keys; see createInboxConsumer. */
    idempotentHandler?: boolean;
  }): Promise<void> {
    const groupId = `waybill.${this.service}${options.group ? `.${options.group}` : ''}`;
    await this.bus.subscribe({
      groupId,
      topics: options.topics,
      handleBatch: createInboxConsumer({
        dataSource: this.dataSource,
        outbox: this.outbox,
        groupId,
        decode: options.decode,
        handle: options.handle,
        handleMany: options.handleMany,
        chunkSize: options.chunkSize,
        idempotentHandler: options.idempotentHandler,
        logger: this.logger,
      }),
    });
  }
}
