import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EventCatalog, EventPayload, EventType, EVENT_TYPES } from './event-catalog';
import { SafeParse, withFastPath } from './fast-path';
import { isoTimestamp } from './iso-timestamp';
import { IsoDateTimeSchema } from './shapes';

/** The envelope every event travels in; `shipmentId` is also the Kafka message key. */
export const EnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  version: z.number().int().positive(),
  shipmentId: z.uuid(),
  occurredAt: IsoDateTimeSchema,
  recordedAt: IsoDateTimeSchema,
  source: z.string().min(1),
  causationId: z.uuid().nullable(),
  payload: z.unknown(),
});

export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  shipmentId: string;
  occurredAt: string;
  recordedAt: string;
  source: string;
  causationId: string | null;
  payload: EventPayload<T>;
}

/** Any event, narrowed by `type` in a switch. */
export type AnyEvent = { [T in EventType]: EventEnvelope<T> }[EventType];

export interface NewEventOptions {
  source: string;
  occurredAt?: Date | string;
  /** The event that caused this one, so a flow can be followed across services. */
  causedBy?: { id: string } | null;
}

/** The envelope fields a producer supplies; newEvent makes the others itself. */
const parseSuppliedFields = withFastPath(EnvelopeSchema.pick({ shipmentId: true, source: true, causationId: true }));
const parseEnvelope = withFastPath(EnvelopeSchema);

/** Each event type's payload parser (zod with a compiled fast path), made on first use. */
const payloadParsers = new Map<EventType, SafeParse<z.ZodType>>();
function payloadParser(type: EventType): SafeParse<z.ZodType> {
  let parse = payloadParsers.get(type);
  if (parse === undefined) {
    parse = withFastPath(EventCatalog[type].payload);
    payloadParsers.set(type, parse);
  }
  return parse;
}

/**
 * Builds a valid envelope: the fields the caller supplies and the payload are checked against
 * the contract before the event leaves. An event no consumer would accept must fail here, at its
 * producer, not in every DLQ.
 */
export function newEvent<T extends EventType>(
  type: T,
  shipmentId: string,
  payload: EventPayload<T>,
  options: NewEventOptions,
): EventEnvelope<T> {
  const entry = EventCatalog[type];
  if (entry === undefined) throw new InvalidEventError([{ field: 'type', reason: `unknown event type ${type}` }]);
  const now = Date.now();
  const given = options.occurredAt;
  const occurredAt = given === undefined ? now : given instanceof Date ? given.getTime() : new Date(given).getTime();
  if (Number.isNaN(occurredAt)) {
    throw new InvalidEventError([{ field: 'occurredAt', reason: `not a time: ${String(options.occurredAt)}` }]);
  }
  const supplied = { shipmentId, source: options.source, causationId: options.causedBy?.id ?? null };
  // The id, type, version and both timestamps are made here and valid by construction, so only
  // the rest is parsed: parsing the whole envelope again cost twice as much (~2.3 against ~0.9 µs
  // per event, a hot path in scan ingestion).
  parsedOrThrow(parseSuppliedFields, supplied, '');
  const parsedPayload = parsedOrThrow(payloadParser(type), payload, 'payload');
  // isoTimestamp rather than toISOString: two per event was ~40 % of newEvent's time.
  const recordedAt = isoTimestamp(now);
  return {
    // Node builds a UUID string from 20 concatenated pieces: ~490 bytes of string tree that lives
    // as long as the event. toLowerCase (a no-op on its hex) hands back one flat 64-byte string.
    id: randomUUID().toLowerCase(),
    type,
    version: entry.version,
    shipmentId,
    occurredAt: given === undefined ? recordedAt : isoTimestamp(occurredAt),
    recordedAt,
    source: options.source,
    causationId: supplied.causationId,
    payload: parsedPayload,
  } as EventEnvelope<T>;
}

export class InvalidEventError extends Error {
  constructor(readonly issues: { field: string; reason: string }[]) {
    super(`invalid event: ${issues.map((i) => `${i.field}: ${i.reason}`).join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

/** The value as the schema parses it, or an InvalidEventError naming each field under `prefix`. */
function parsedOrThrow<T>(parse: (value: unknown) => z.ZodSafeParseResult<T>, value: unknown, prefix: string): T {
  const result = parse(value);
  if (result.success) return result.data;
  throw new InvalidEventError(
    result.error.issues.map((issue) => ({
      field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(event)',
      reason: issue.message,
    })),
  );
}

/** Validates an event read from the wire: envelope, then the payload for its type. */
export function parseEvent(raw: unknown): AnyEvent {
  const envelope = parsedOrThrow(parseEnvelope, raw, '');
  const payload = parsedOrThrow(payloadParser(envelope.type), envelope.payload, 'payload');
  return { ...envelope, payload } as AnyEvent;
}

/** Parses the bytes of a Kafka message value into a validated event. */
export function decodeEvent(value: Buffer | string | null): AnyEvent {
  if (value === null) throw new InvalidEventError([{ field: 'value', reason: 'empty message' }]);
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch {
    throw new InvalidEventError([{ field: 'value', reason: 'not valid JSON' }]);
  }
  return parseEvent(json);
}

export function encodeEvent(event: EventEnvelope): string {
  return JSON.stringify(event);
}
