import { DataSource, EntityManager } from 'typeorm';
import { deadLetterTopic } from '@waybill/contracts';
import { BatchHandler, IncomingMessage } from '../event-bus';
import { Outbox } from '../outbox/outbox';
import { isTransientDatabaseError } from '../transient-errors';

export interface Decoded<T> {
  /** Dedupe key recorded in the inbox: the event id, or the carrier's event id for scans. */
  id: string;
  item: T;
}

export interface InboxConsumerOptions<T> {
  dataSource: DataSource;
  outbox: Outbox;
  groupId: string;
  /** Throws on a poison message; the message then goes to `<topic>.dlq`. */
  decode(message: IncomingMessage): Decoded<T>;
  /** Runs inside the batch transaction; throwing sends just this message to the DLQ. */
  handle(item: T, manager: EntityManager, message: IncomingMessage): Promise<AfterCommit>;
  /**
   * Optional fast path: all new messages of a chunk at once (multi-row SQL). If it throws, the
   * chunk falls back to `handle` one message at a time, so only the culprit goes to the DLQ.
   */
  handleMany?(items: { item: T; message: IncomingMessage }[], manager: EntityManager): Promise<AfterCommit>;
  /** Messages per DB transaction; the offset is committed after each one. */
  chunkSize?: number;
  /**
   * The handler is idempotent by its own unique keys (scans: the timeline's dedupe key), so a
   * redelivered message changes nothing without an inbox row. The inbox then records only the
   * messages parked in the DLQ, so a redelivered poison message is still parked once — and the
   * common case writes one row less per message.
   */
  idempotentHandler?: boolean;
  logger?: { warn(msg: string): void };
}

/** A handler may return work to do once its transaction has committed (metrics, wake-ups). */
export type AfterCommit = void | (() => void);

type Prepared<T> = { message: IncomingMessage; id: string } & (
  | { ok: true; item: T }
  | { ok: false; error: unknown }
);

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Turns a batch from the bus into DB transactions: for each chunk, one transaction records the
 * handled message ids in the inbox (a redelivered id is skipped), runs the handlers for the new
 * messages (the whole chunk under one savepoint; after a failure, again one message per
 * savepoint), parks poison messages in the DLQ through the outbox, commits, and only then
 * commits the offset. A crash anywhere before the offset commit means redelivery, and
 * the inbox makes that redelivery change nothing.
 */
export function createInboxConsumer<T>(options: InboxConsumerOptions<T>): BatchHandler {
  const chunkSize = options.chunkSize ?? 500;
  const schema = options.outbox.schema;

  const prepare = (message: IncomingMessage): Prepared<T> => {
    try {
      const { id, item } = options.decode(message);
      return { message, id, ok: true, item };
    } catch (error) {
      // No trustworthy id in a poison message: its position is what makes it unique.
      return { message, id: `${message.topic}:${message.partition}:${message.offset}`, ok: false, error };
    }
  };

  /** Records ids in the inbox; returns the ones that were not there yet. */
  const recordInInbox = async (manager: EntityManager, ids: string[]): Promise<Set<string>> => {
    if (ids.length === 0) return new Set();
    const fresh: { message_id: string }[] = await manager.query(
      `INSERT INTO "${schema}".inbox (consumer_group, message_id)
       SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING message_id`,
      [options.groupId, ids],
    );
    return new Set(fresh.map((row) => row.message_id));
  };

  const deadLetter = async (manager: EntityManager, message: IncomingMessage, error: unknown, id: string) => {
    // With an idempotent handler, its inbox row is what tells a redelivered poison message apart.
    if (options.idempotentHandler && !(await recordInInbox(manager, [id])).has(id)) return;
    options.logger?.warn(
      `${options.groupId}: ${message.topic}[${message.partition}]@${message.offset} to DLQ: ${describe(error)}`,
    );
    await options.outbox.addMessages(manager, [
      {
        topic: deadLetterTopic(message.topic),
        key: message.key ?? 'unkeyed',
        value: message.value ?? Buffer.alloc(0),
        headers: {
          ...message.headers,
          'x-error': describe(error).slice(0, 2000),
          'x-original-topic': message.topic,
          'x-original-partition': String(message.partition),
          'x-original-offset': message.offset,
          'x-consumer-group': options.groupId,
        },
      },
    ]);
  };

  const runChunk = async (chunk: Prepared<T>[]) => {
    const afterCommit: (() => void)[] = [];
    const keep = (result: AfterCommit) => {
      if (typeof result === 'function') afterCommit.push(result);
    };
    await options.dataSource.transaction(async (manager) => {
      const ids = [...new Set(chunk.map((p) => p.id))];
      // An idempotent handler dedupes by itself: every id is new to the inbox step.
      const isNew = options.idempotentHandler ? new Set(ids) : await recordInInbox(manager, ids);
      const toHandle: { item: T; message: IncomingMessage; id: string }[] = [];
      for (const prepared of chunk) {
        if (!isNew.delete(prepared.id)) continue; // seen before, or twice in this chunk
        if (prepared.ok) toHandle.push(prepared);
        else await deadLetter(manager, prepared.message, prepared.error, prepared.id);
      }
      if (toHandle.length === 0) return;
      // Fast path: the whole chunk under one savepoint. Most chunks hold no poison message.
      await manager.query('SAVEPOINT inbox_chunk');
      try {
        if (options.handleMany) keep(await options.handleMany(toHandle, manager));
        else for (const { item, message } of toHandle) keep(await options.handle(item, manager, message));
        await manager.query('RELEASE SAVEPOINT inbox_chunk');
        return;
      } catch (error) {
        // A deadlock or lost connection is not the messages' fault: retry the whole chunk.
        if (isTransientDatabaseError(error)) throw error;
        await manager.query('ROLLBACK TO SAVEPOINT inbox_chunk');
        afterCommit.length = 0;
      }
      // Slow path: one savepoint per message, so only the one that fails goes to the DLQ.
      for (const { item, message, id } of toHandle) {
        await manager.query('SAVEPOINT inbox_handler');
        try {
          const result = await options.handle(item, manager, message);
          await manager.query('RELEASE SAVEPOINT inbox_handler');
          keep(result);
        } catch (error) {
          if (isTransientDatabaseError(error)) throw error;
          // If the connection itself is gone this throws too, and the whole chunk is retried.
          await manager.query('ROLLBACK TO SAVEPOINT inbox_handler');
          await deadLetter(manager, message, error, id);
        }
      }
    });
    for (const callback of afterCommit) callback();
  };

  return async (batch, context) => {
    const prepared = batch.messages.map(prepare);
    for (let start = 0; start < prepared.length; start += chunkSize) {
      const chunk = prepared.slice(start, start + chunkSize);
      await runChunk(chunk);
      await context.commit(chunk[chunk.length - 1].message.offset);
      await context.heartbeat();
    }
  };
}
