import { OutgoingMessage } from '../event-bus';

/**
 * At most this many messages share one outbox row, so a relay claiming its batch (2,000 messages
 * by default) never holds more than one row's worth beyond it.
 */
export const OUTBOX_ROW_MESSAGES = 1000;

/**
 * And about this many bytes: far below Postgres' 1 GB limit for one value, even when a chunk
 * dead-letters many large messages at once.
 */
export const OUTBOX_ROW_BYTES = 16 * 2 ** 20;

/** One message as stored in an outbox row's `messages` array (see MessagingTablesV2). */
interface StoredMessage {
  topic: string;
  key: string;
  /** A string value, as is (events are JSON text). */
  value?: string;
  /** A binary value (a dead-lettered message's original bytes), base64. */
  valueBase64?: string;
  headers: Record<string, string>;
}

/** The `messages` text of one outbox row: a JSON array, in send order. */
export function encodeOutboxRow(messages: OutgoingMessage[]): string {
  // Events (string values, headers) are already in the stored shape and are stored as given,
  // without a copy of each: the outbox writes ~1.2 per scan in tracking, and every copy lives
  // until the row is inserted.
  if (messages.every((m) => typeof m.value === 'string' && m.headers !== undefined)) return JSON.stringify(messages);
  return JSON.stringify(
    messages.map((m): StoredMessage => {
      const stored: StoredMessage = { topic: m.topic, key: m.key, headers: m.headers ?? {} };
      if (Buffer.isBuffer(m.value)) stored.valueBase64 = m.value.toString('base64');
      else stored.value = m.value;
      return stored;
    }),
  );
}

/** The messages of one outbox row, in send order. */
export function decodeOutboxRow(text: string): OutgoingMessage[] {
  const stored = JSON.parse(text) as StoredMessage[];
  return stored.map((m): OutgoingMessage => {
    if (m.value === undefined) {
      return { topic: m.topic, key: m.key, value: Buffer.from(m.valueBase64 ?? '', 'base64'), headers: m.headers ?? {} };
    }
    return m as OutgoingMessage; // a text message is already in shape
  });
}

/** Splits messages, in order, into the rows `Outbox` writes. */
export function outboxRows(
  messages: OutgoingMessage[],
  maxCount = OUTBOX_ROW_MESSAGES,
  maxBytes = OUTBOX_ROW_BYTES,
): OutgoingMessage[][] {
  return splitInOrder(messages, maxCount, maxBytes, messageBytes);
}

/** A message's size, near enough for both limits: value, key, headers and ~70 bytes of framing. */
export function messageBytes(message: OutgoingMessage): number {
  let size = 70 + Buffer.byteLength(message.key) + Buffer.byteLength(message.value);
  const headers = message.headers;
  // for-in rather than Object.entries: no array per header on a path taken for every event.
  for (const name in headers) size += name.length + Buffer.byteLength(headers[name]) + 2;
  return size;
}

/**
 * Splits items, in order, into groups of at most `maxCount` items and `maxBytes` by `sizeOf`;
 * an item larger than `maxBytes` gets a group of its own rather than none.
 */
export function splitInOrder<T>(items: T[], maxCount: number, maxBytes: number, sizeOf: (item: T) => number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
