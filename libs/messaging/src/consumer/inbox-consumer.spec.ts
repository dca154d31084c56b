import { DataSource, EntityManager } from 'typeorm';
import { BatchContext, IncomingMessage } from '../event-bus';
import { Outbox } from '../outbox/outbox';
import { decodeOutboxRow } from '../outbox/outbox-row';
import { createInboxConsumer, Decoded } from './inbox-consumer';

const TOPIC = 'waybill.scans.v1';
const GROUP = 'waybill.tracking';
const SCHEMA = 'tracking';

interface DeadLetter {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Just enough of Postgres for the inbox consumer: the inbox insert (ids already seen per group
 * are not returned), savepoints (recorded, no effect) and the outbox insert (recorded as
 * dead letters). Any other statement is an error, so a change in what the consumer sends shows.
 */
class FakeDatabase {
  readonly statements: string[] = [];
  readonly deadLetters: DeadLetter[] = [];
  transactions = 0;
  private readonly inbox = new Map<string, Set<string>>();

  readonly manager = {
    query: async (sql: string, params: unknown[] = []): Promise<any> => {
      const statement = sql.replace(/\s+/g, ' ').trim();
      if (statement.startsWith(`INSERT INTO "${SCHEMA}".inbox`)) {
        const [group, ids] = params as [string, string[]];
        const seen = this.inbox.get(group) ?? new Set<string>();
        this.inbox.set(group, seen);
        const fresh = ids.filter((id) => !seen.has(id));
        fresh.forEach((id) => seen.add(id));
        this.statements.push(`INBOX ${ids.join(',')}`);
        return fresh.map((message_id) => ({ message_id }));
      }
      if (/^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) inbox_(handler|chunk)$/.test(statement)) {
        this.statements.push(statement);
        return [];
      }
      if (statement.startsWith(`INSERT INTO "${SCHEMA}".outbox`)) {
        for (let i = 0; i < params.length; i += 2) this.deadLetters.push(...(decodeOutboxRow(params[i] as string) as DeadLetter[]));
        this.statements.push('OUTBOX');
        return [];
      }
      throw new Error(`fake database does not understand: ${statement}`);
    },
  };

  readonly dataSource = {
    transaction: async <T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> => {
      this.transactions++;
      this.statements.push('BEGIN');
      const result = await fn(this.manager as unknown as EntityManager);
      this.statements.push('COMMIT');
      return result;
    },
  } as unknown as DataSource;

  /** Marks ids as already handled by a group, as an earlier delivery would have. */
  alreadyHandled(group: string, ...ids: string[]): void {
    this.inbox.set(group, new Set([...(this.inbox.get(group) ?? []), ...ids]));
  }
}

interface Scan {
  carrierEventId: string;
  status: string;
}

function scanMessage(offset: number, body: unknown, key = 'WB0123456789ABCDEF'): IncomingMessage {
  return {
    topic: TOPIC,
    partition: 2,
    offset: String(offset),
    key,
    value: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    headers: { 'content-type': 'application/json' },
  };
}

function scan(offset: number, carrierEventId = `evt-${offset}`, status = 'in_transit'): IncomingMessage {
  return scanMessage(offset, { carrierEventId, status });
}

function decodeScan(message: IncomingMessage): Decoded<Scan> {
  const scan = JSON.parse(message.value!.toString()) as Scan;
  if (!scan.carrierEventId) throw new Error('scan has no carrierEventId');
  return { id: scan.carrierEventId, item: scan };
}

function recordingContext(db: FakeDatabase) {
  const commits: string[] = [];
  const context: BatchContext = {
    heartbeat: async () => undefined,
    commit: async (offset) => {
      commits.push(offset);
      db.statements.push(`OFFSET ${offset}`);
    },
  };
  return { context, commits };
}

function batchOf(messages: IncomingMessage[]) {
  return { topic: TOPIC, partition: 2, messages };
}

describe('createInboxConsumer', () => {
  let db: FakeDatabase;
  let handled: string[];
  let warnings: string[];

  function consumer(options: { chunkSize?: number; handle?: (scan: Scan, manager: EntityManager) => Promise<void> } = {}) {
    return createInboxConsumer<Scan>({
      dataSource: db.dataSource,
      outbox: new Outbox(SCHEMA),
      groupId: GROUP,
      decode: decodeScan,
      handle:
        options.handle ??
        (async (scan) => {
          handled.push(scan.carrierEventId);
        }),
      chunkSize: options.chunkSize,
      logger: { warn: (msg) => warnings.push(msg) },
    });
  }

  beforeEach(() => {
    db = new FakeDatabase();
    handled = [];
    warnings = [];
  });

  it('handles a batch in order in one transaction, then commits the last offset', async () => {
    const { context, commits } = recordingContext(db);
    await consumer()(batchOf([scan(10), scan(11), scan(12)]), context);

    expect(handled).toEqual(['evt-10', 'evt-11', 'evt-12']);
    expect(commits).toEqual(['12']);
    expect(db.transactions).toBe(1);
    expect(db.statements).toEqual([
      'BEGIN',
      'INBOX evt-10,evt-11,evt-12',
      // The whole chunk under one savepoint: no poison message, no per-message round trips.
      ...['SAVEPOINT inbox_chunk', 'RELEASE SAVEPOINT inbox_chunk'],
      'COMMIT',
      'OFFSET 12',
    ]);
    expect(db.deadLetters).toEqual([]);
  });

  it('passes the transaction manager and the original message to the handler', async () => {
    const seen: { manager: unknown; offset: string }[] = [];
    const handler = createInboxConsumer<Scan>({
      dataSource: db.dataSource,
      outbox: new Outbox(SCHEMA),
      groupId: GROUP,
      decode: decodeScan,
      handle: async (_scan, manager, message) => {
        seen.push({ manager, offset: message.offset });
      },
    });
    await handler(batchOf([scan(4)]), recordingContext(db).context);
    expect(seen).toEqual([{ manager: db.manager, offset: '4' }]);
  });

  it('skips a message whose id was already handled, and still commits past it', async () => {
    db.alreadyHandled(GROUP, 'evt-1');
    const { context, commits } = recordingContext(db);
    await consumer()(batchOf([scan(0), scan(1), scan(2)]), context);

    expect(handled).toEqual(['evt-0', 'evt-2']);
    expect(commits).toEqual(['2']);
    expect(db.deadLetters).toEqual([]);
  });

  it('changes nothing when the same batch is delivered again', async () => {
    const batch = batchOf([scan(0), scan(1)]);
    await consumer()(batch, recordingContext(db).context);
    const { context, commits } = recordingContext(db);
    await consumer()(batch, context);

    expect(handled).toEqual(['evt-0', 'evt-1']);
    expect(commits).toEqual(['1']);
  });

  it('handles an id only once when it appears twice in one batch', async () => {
    await consumer()(batchOf([scan(0, 'evt-A'), scan(1, 'evt-A', 'delivered'), scan(2, 'evt-B')]), recordingContext(db).context);
    expect(handled).toEqual(['evt-A', 'evt-B']);
  });

  it('keeps the inbox per consumer group: another group handles the same ids', async () => {
    db.alreadyHandled('waybill.sla-monitor', 'evt-0', 'evt-1');
    await consumer()(batchOf([scan(0), scan(1)]), recordingContext(db).context);
    expect(handled).toEqual(['evt-0', 'evt-1']);
  });

  it.each([
    ['bytes that are not JSON', '{"carrierEventId": '],
    ['a scan without a carrier event id', { status: 'in_transit' }],
  ])('parks %s in <topic>.dlq with the error and the original bytes, and goes on', async (_what, body) => {
    const poison = scanMessage(7, body);
    const { context, commits } = recordingContext(db);
    await consumer()(batchOf([scan(6), poison, scan(8)]), context);

    expect(handled).toEqual(['evt-6', 'evt-8']);
    expect(commits).toEqual(['8']);
    expect(db.deadLetters).toHaveLength(1);
    const [dead] = db.deadLetters;
    expect(dead.topic).toBe(`${TOPIC}.dlq`);
    expect(dead.key).toBe(poison.key);
    expect(dead.value.equals(poison.value!)).toBe(true);
    expect(dead.headers).toEqual({
      'content-type': 'application/json',
      'x-error': expect.stringMatching(/Error: .+/),
      'x-original-topic': TOPIC,
      'x-original-partition': '2',
      'x-original-offset': '7',
      'x-consumer-group': GROUP,
    });
    expect(warnings).toEqual([expect.stringContaining(`${GROUP}: ${TOPIC}[2]@7 to DLQ`)]);
  });

  it('says in x-error why the decoder rejected the message', async () => {
    await consumer()(batchOf([scanMessage(0, { status: 'in_transit' })]), recordingContext(db).context);
    expect(db.deadLetters[0].headers['x-error']).toBe('Error: scan has no carrierEventId');
  });

  it('parks a poison message only once, recording its position in the inbox', async () => {
    const poison = scanMessage(3, 'not json');
    await consumer()(batchOf([poison]), recordingContext(db).context);
    await consumer()(batchOf([poison]), recordingContext(db).context);

    expect(db.deadLetters).toHaveLength(1);
    expect(db.statements).toContain(`INBOX ${TOPIC}:2:3`);
  });

  it('parks an unkeyed, empty poison message under a placeholder key with empty bytes', async () => {
    const poison: IncomingMessage = { ...scanMessage(0, ''), key: null, value: null };
    await consumer()(batchOf([poison]), recordingContext(db).context);
    expect(db.deadLetters).toEqual([expect.objectContaining({ key: 'unkeyed', value: Buffer.alloc(0) })]);
  });

  it('rolls a failing handler back to its savepoint and parks only that message', async () => {
    const handle = async (scan: Scan) => {
      if (scan.carrierEventId === 'evt-1') throw new TypeError('status regression');
      handled.push(scan.carrierEventId);
    };
    const { context, commits } = recordingContext(db);
    await consumer({ handle })(batchOf([scan(0), scan(1), scan(2)]), context);

    // evt-0 is handled twice: the chunk's first attempt rolls back when evt-1 fails, then each
    // message is retried under its own savepoint and only evt-0's and evt-2's effects commit.
    expect(handled).toEqual(['evt-0', 'evt-0', 'evt-2']);
    expect(commits).toEqual(['2']);
    expect(db.statements).toEqual([
      'BEGIN',
      'INBOX evt-0,evt-1,evt-2',
      ...['SAVEPOINT inbox_chunk', 'ROLLBACK TO SAVEPOINT inbox_chunk'],
      ...['SAVEPOINT inbox_handler', 'RELEASE SAVEPOINT inbox_handler'],
      ...['SAVEPOINT inbox_handler', 'ROLLBACK TO SAVEPOINT inbox_handler', 'OUTBOX'],
      ...['SAVEPOINT inbox_handler', 'RELEASE SAVEPOINT inbox_handler'],
      'COMMIT',
      'OFFSET 2',
    ]);
    expect(db.deadLetters).toEqual([
      expect.objectContaining({
        topic: `${TOPIC}.dlq`,
        headers: expect.objectContaining({ 'x-error': 'TypeError: status regression', 'x-original-offset': '1' }),
      }),
    ]);
  });

  it('cuts a long x-error to 2000 characters', async () => {
    const handle = async () => {
      throw new Error('x'.repeat(5000));
    };
    await consumer({ handle })(batchOf([scan(0)]), recordingContext(db).context);
    expect(db.deadLetters[0].headers['x-error']).toHaveLength(2000);
  });

  it('commits the offset after each chunk (chunkSize 2, five messages: offsets 1, 3, 4)', async () => {
    const { context, commits } = recordingContext(db);
    await consumer({ chunkSize: 2 })(batchOf([0, 1, 2, 3, 4].map((o) => scan(o))), context);

    expect(handled).toEqual(['evt-0', 'evt-1', 'evt-2', 'evt-3', 'evt-4']);
    expect(commits).toEqual(['1', '3', '4']);
    expect(db.transactions).toBe(3);
    const sequence = db.statements.filter((s) => /^(BEGIN|COMMIT|OFFSET|INBOX)/.test(s));
    expect(sequence).toEqual([
      ...['BEGIN', 'INBOX evt-0,evt-1', 'COMMIT', 'OFFSET 1'],
      ...['BEGIN', 'INBOX evt-2,evt-3', 'COMMIT', 'OFFSET 3'],
      ...['BEGIN', 'INBOX evt-4', 'COMMIT', 'OFFSET 4'],
    ]);
  });

  it('does not commit the offset of a chunk whose transaction failed', async () => {
    let calls = 0;
    const flakyDb = new FakeDatabase();
    const originalQuery = flakyDb.manager.query;
    flakyDb.manager.query = async (sql: string, params?: unknown[]) => {
      // The connection drops while the second chunk records its inbox rows.
      if (sql.includes('.inbox') && ++calls === 2) throw new Error('connection terminated');
      return originalQuery(sql, params);
    };
    db = flakyDb;
    const { context, commits } = recordingContext(db);

    await expect(consumer({ chunkSize: 2 })(batchOf([0, 1, 2, 3].map((o) => scan(o))), context)).rejects.toThrow(
      'connection terminated',
    );
    expect(commits).toEqual(['1']);
    expect(handled).toEqual(['evt-0', 'evt-1']);
  });

  it('commits nothing for an empty batch', async () => {
    const { context, commits } = recordingContext(db);
    await consumer()(batchOf([]), context);
    expect(commits).toEqual([]);
    expect(db.transactions).toBe(0);
  });

  describe('with a multi-row handler (handleMany)', () => {
    function batchConsumer(handleMany: (scans: Scan[]) => Promise<void>) {
      return createInboxConsumer<Scan>({
        dataSource: db.dataSource,
        outbox: new Outbox(SCHEMA),
        groupId: GROUP,
        decode: decodeScan,
        handle: async (scan) => void handled.push(`one:${scan.carrierEventId}`),
        handleMany: (items) => handleMany(items.map((i) => i.item)),
        logger: { warn: (msg) => warnings.push(msg) },
      });
    }

    it('hands the new messages of a chunk over at once, in order, without the ones seen before', async () => {
      db.alreadyHandled(GROUP, 'evt-1');
      const calls: string[][] = [];
      await batchConsumer(async (scans) => void calls.push(scans.map((s) => s.carrierEventId)))(
        batchOf([scan(0), scan(1), scan(2)]),
        recordingContext(db).context,
      );
      expect(calls).toEqual([['evt-0', 'evt-2']]);
      expect(handled).toEqual([]);
    });

    it('falls back to one message at a time when the chunk fails, and parks only the culprit', async () => {
      const poisonous = async (scan: Scan) => {
        if (scan.carrierEventId === 'evt-1') throw new Error('no such carrier code');
        handled.push(`one:${scan.carrierEventId}`);
      };
      const consumerWithFallback = createInboxConsumer<Scan>({
        dataSource: db.dataSource,
        outbox: new Outbox(SCHEMA),
        groupId: GROUP,
        decode: decodeScan,
        handle: poisonous,
        handleMany: async () => {
          throw new Error('no such carrier code');
        },
        logger: { warn: (msg) => warnings.push(msg) },
      });
      await consumerWithFallback(batchOf([scan(0), scan(1), scan(2)]), recordingContext(db).context);

      expect(handled).toEqual(['one:evt-0', 'one:evt-2']);
      expect(db.deadLetters).toEqual([
        expect.objectContaining({ headers: expect.objectContaining({ 'x-original-offset': '1' }) }),
      ]);
    });
  });
  describe('with an idempotent handler (it dedupes by its own unique keys)', () => {
    function idempotentConsumer(handle: (scan: Scan) => Promise<void> = async (scan) => void handled.push(scan.carrierEventId)) {
      return createInboxConsumer<Scan>({
        dataSource: db.dataSource,
        outbox: new Outbox(SCHEMA),
        groupId: GROUP,
        decode: decodeScan,
        handle,
        idempotentHandler: true,
        logger: { warn: (msg) => warnings.push(msg) },
      });
    }

    it('writes no inbox row for the messages it handles, and hands a redelivery to the handler again', async () => {
      const batch = batchOf([scan(0), scan(1), scan(2, 'evt-1')]);
      const { context, commits } = recordingContext(db);
      await idempotentConsumer()(batch, context);
      await idempotentConsumer()(batch, context);

      // Twice in one chunk is still once; the second delivery is the handler's to recognise.
      expect(handled).toEqual(['evt-0', 'evt-1', 'evt-0', 'evt-1']);
      expect(db.statements.filter((s) => s.startsWith('INBOX'))).toEqual([]);
      expect(commits).toEqual(['2', '2']);
    });

    it('still parks a poison message only once, by its inbox row', async () => {
      const batch = batchOf([scan(0), scanMessage(1, 'not json')]);
      await idempotentConsumer()(batch, recordingContext(db).context);
      await idempotentConsumer()(batch, recordingContext(db).context);

      expect(db.deadLetters).toHaveLength(1);
      expect(db.statements.filter((s) => s.startsWith('INBOX'))).toEqual([`INBOX ${TOPIC}:2:1`, `INBOX ${TOPIC}:2:1`]);
      expect(handled).toEqual(['evt-0', 'evt-0']);
    });

    it('parks a message whose handler fails only once across redeliveries', async () => {
      const failing = async (scan: Scan) => {
        if (scan.carrierEventId === 'evt-1') throw new Error('no such carrier code');
        handled.push(scan.carrierEventId);
      };
      const batch = batchOf([scan(0), scan(1)]);
      await idempotentConsumer(failing)(batch, recordingContext(db).context);
      await idempotentConsumer(failing)(batch, recordingContext(db).context);

      expect(db.deadLetters).toEqual([expect.objectContaining({ headers: expect.objectContaining({ 'x-original-offset': '1' }) })]);
      expect(warnings).toHaveLength(1);
    });
  });
});
