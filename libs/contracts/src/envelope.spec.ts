import { randomUUID } from 'node:crypto';
import {
  decodeEvent,
  encodeEvent,
  EventEnvelope,
  InvalidEventError,
  newEvent,
  parseEvent,
} from './envelope';
import { EventCatalog, EVENT_TYPES, eventTypesOn, EventPayload, topicOf } from './event-catalog';
import { ALL_TOPICS, deadLetterTopic, Topics } from './topics';
import { ACTIVE_STATUSES, FINAL_STATUSES, isFinalStatus } from './vocabulary';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function aCreatedPayload(): EventPayload<'shipment.created'> {
  return {
    trackingNumber: 'WB0123456789ABCDEF',
    serviceLevel: 'express',
    carrier: 'dhl',
    promisedBy: '2025-03-05T20:00:00.000Z',
    policyVersion: 'skeleton-1',
    recipient: { name: 'Ada Lovelace', email: 'ada@example.com', locale: 'en' },
    origin: { city: 'Lyon', postalCode: '69001', country: 'FR' },
    destination: { city: 'Paris', postalCode: '75001', country: 'FR' },
    parcels: [{ weightGrams: 1200 }],
  };
}

function aCreatedEvent(): EventEnvelope<'shipment.created'> {
  return newEvent('shipment.created', randomUUID(), aCreatedPayload(), { source: 'shipment-intake' });
}

/** The JSON form of an event as it would arrive from the wire, for tampering with. */
function wireForm(event: EventEnvelope = aCreatedEvent()): Record<string, any> {
  return JSON.parse(encodeEvent(event));
}

function issuesOf(fn: () => unknown): { field: string; reason: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventError);
    return (error as InvalidEventError).issues;
  }
  throw new Error('expected an InvalidEventError, nothing was thrown');
}

describe('newEvent', () => {
  it('builds an envelope with a fresh uuid, the catalog version and the recording time', () => {
    const before = Date.now();
    const shipmentId = randomUUID();
    const event = newEvent('shipment.created', shipmentId, aCreatedPayload(), { source: 'shipment-intake' });
    const after = Date.now();

    expect(event.id).toMatch(UUID_V4);
    expect(event).toMatchObject({
      type: 'shipment.created',
      version: EventCatalog['shipment.created'].version,
      shipmentId,
      source: 'shipment-intake',
      causationId: null,
    });
    const recordedAt = Date.parse(event.recordedAt);
    expect(recordedAt).toBeGreaterThanOrEqual(before);
    expect(recordedAt).toBeLessThanOrEqual(after);
    expect(event.occurredAt).toBe(event.recordedAt);
  });

  it('gives every event its own id', () => {
    const ids = new Set(Array.from({ length: 50 }, () => aCreatedEvent().id));
    expect(ids.size).toBe(50);
  });

  it('keeps the time the thing happened apart from the time it was recorded', () => {
    const event = newEvent('shipment.cancelled', randomUUID(), {}, {
      source: 'shipment-intake',
      occurredAt: '2025-03-03T09:15:00+01:00',
    });
    expect(event.occurredAt).toBe('2025-03-03T08:15:00.000Z');
    expect(event.recordedAt).not.toBe(event.occurredAt);
  });

  it('records the event that caused it as causationId', () => {
    const cause = aCreatedEvent();
    const event = newEvent('shipment.cancelled', cause.shipmentId, { reason: 'merchant asked' }, {
      source: 'shipment-intake',
      causedBy: cause,
    });
    expect(event.causationId).toBe(cause.id);
  });

  it('fills payload defaults from the catalog schema', () => {
    const payload = aCreatedPayload();
    const { locale: _omitted, ...recipient } = payload.recipient;
    const event = newEvent('shipment.created', randomUUID(), { ...payload, recipient } as typeof payload, {
      source: 'shipment-intake',
    });
    expect(event.payload.recipient.locale).toBe('en');
  });

  it('builds an envelope that passes the wire validation', () => {
    expect(() => parseEvent(wireForm())).not.toThrow();
  });

  it('refuses to build an event whose payload lacks the tracking number', () => {
    const { trackingNumber: _omitted, ...payload } = aCreatedPayload();
    expect(() =>
      newEvent('shipment.created', randomUUID(), payload as EventPayload<'shipment.created'>, {
        source: 'shipment-intake',
      }),
    ).toThrow(/trackingNumber/);
  });

  it('refuses a shipment id, a cause or a source no consumer would accept, naming the field', () => {
    const payload = { reason: 'merchant asked' };
    expect(issuesOf(() => newEvent('shipment.cancelled', 'not-a-uuid', payload, { source: 'shipment-intake' }))).toEqual([
      expect.objectContaining({ field: 'shipmentId' }),
    ]);
    expect(
      issuesOf(() =>
        newEvent('shipment.cancelled', randomUUID(), payload, { source: 'shipment-intake', causedBy: { id: '42' } }),
      ),
    ).toEqual([expect.objectContaining({ field: 'causationId' })]);
    expect(issuesOf(() => newEvent('shipment.cancelled', randomUUID(), payload, { source: '' }))).toEqual([
      expect.objectContaining({ field: 'source' }),
    ]);
  });

  it('refuses a time that is not one', () => {
    expect(
      issuesOf(() =>
        newEvent('shipment.cancelled', randomUUID(), {}, { source: 'shipment-intake', occurredAt: 'yesterday' }),
      ),
    ).toEqual([expect.objectContaining({ field: 'occurredAt' })]);
  });

  it('refuses to build an event whose payload has an unknown service level', () => {
    const payload = { ...aCreatedPayload(), serviceLevel: 'teleport' } as unknown as EventPayload<'shipment.created'>;
    expect(() => newEvent('shipment.created', randomUUID(), payload, { source: 'shipment-intake' })).toThrow(
      /serviceLevel/,
    );
  });
});

describe('parseEvent and decodeEvent', () => {
  it('accepts an event that went through encodeEvent and decodeEvent unchanged', () => {
    const event = aCreatedEvent();
    expect(decodeEvent(encodeEvent(event))).toEqual(event);
  });

  it('accepts the encoded event as a Buffer, as Kafka delivers it', () => {
    const event = aCreatedEvent();
    expect(decodeEvent(Buffer.from(encodeEvent(event)))).toEqual(event);
  });

  it('rejects an event of a type the catalog does not know', () => {
    const issues = issuesOf(() => parseEvent({ ...wireForm(), type: 'shipment.teleported' }));
    expect(issues.map((i) => i.field)).toEqual(['type']);
  });

  it.each([
    ['shipmentId', 'not-a-uuid'],
    ['shipmentId', 'WB0123456789ABCDEF'],
    ['id', '12345'],
    ['causationId', 'nope'],
  ])('rejects an envelope whose %s is %p', (field, value) => {
    const issues = issuesOf(() => parseEvent({ ...wireForm(), [field]: value }));
    expect(issues.map((i) => i.field)).toEqual([field]);
  });

  it.each(['version', 'occurredAt', 'recordedAt', 'source'])('rejects an envelope without %s', (field) => {
    const raw = wireForm();
    delete raw[field];
    const issues = issuesOf(() => parseEvent(raw));
    expect(issues.map((i) => i.field)).toEqual([field]);
  });

  it('rejects an event whose payload lacks the tracking number, naming payload.trackingNumber', () => {
    const raw = wireForm();
    delete raw.payload.trackingNumber;
    const issues = issuesOf(() => parseEvent(raw));
    expect(issues.map((i) => i.field)).toEqual(['payload.trackingNumber']);
  });

  it('names nested payload fields by their full path', () => {
    const raw = wireForm();
    raw.payload.destination.country = 'France';
    raw.payload.parcels[0].weightGrams = -1;
    const issues = issuesOf(() => parseEvent(raw));
    expect(issues.map((i) => i.field).sort()).toEqual(['payload.destination.country', 'payload.parcels.0.weightGrams']);
  });

  it('checks the payload against the schema of its own type', () => {
    // A valid shipment.cancelled payload is not a valid shipment.created payload.
    const raw = { ...wireForm(), payload: { reason: 'changed my mind' } };
    const fields = issuesOf(() => parseEvent(raw)).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['payload.trackingNumber', 'payload.serviceLevel']));
    expect(fields.every((f) => f.startsWith('payload.'))).toBe(true);
  });

  it('puts the fields and reasons in the error message', () => {
    const raw = wireForm();
    delete raw.payload.trackingNumber;
    expect(() => parseEvent(raw)).toThrow(/^invalid event: payload\.trackingNumber: .+/);
  });

  it.each([
    ['an empty message', null, 'empty message'],
    ['bytes that are not JSON', Buffer.from('{"id": '), 'not valid JSON'],
    ['a string that is not JSON', 'shipment.created', 'not valid JSON'],
  ])('rejects %s with a clear reason', (_what, value, reason) => {
    expect(issuesOf(() => decodeEvent(value))).toEqual([{ field: 'value', reason }]);
  });

  it('rejects JSON that is not an object', () => {
    expect(() => decodeEvent('null')).toThrow(InvalidEventError);
    expect(() => decodeEvent('[]')).toThrow(InvalidEventError);
  });
});

describe('topics and the catalog', () => {
  it.each(Object.entries(Topics))('names the %s topic waybill.<name>.v1', (name, topic) => {
    expect(topic).toBe(`waybill.${name}.v1`);
    expect(topic).toMatch(/^waybill\.[a-z]+\.v1$/);
  });

  it('lists every topic exactly once in ALL_TOPICS', () => {
    expect([...ALL_TOPICS].sort()).toEqual(Object.values(Topics).sort());
    expect(new Set(ALL_TOPICS).size).toBe(ALL_TOPICS.length);
  });

  const topicForPrefix: Record<string, string> = {
    shipment: Topics.shipments,
    tracking: Topics.tracking,
    sla: Topics.sla,
    notification: Topics.notifications,
  };

  it.each(EVENT_TYPES)('publishes %s on a known topic, the one its type prefix names', (type) => {
    const topic = topicOf(type);
    expect(ALL_TOPICS).toContain(topic);
    expect(topic).toBe(topicForPrefix[type.split('.')[0]]);
    expect(eventTypesOn(topic)).toContain(type);
  });

  it('places every event type on exactly one topic', () => {
    const onSomeTopic = ALL_TOPICS.flatMap((topic) => eventTypesOn(topic));
    expect(onSomeTopic.sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each([
    [Topics.shipments, ['shipment.cancelled', 'shipment.created', 'shipment.updated']],
    [Topics.scans, []],
    [Topics.notifications, ['notification.failed', 'notification.sent', 'notification.suppressed']],
  ])('carries on %s exactly the events %p', (topic, types) => {
    expect(eventTypesOn(topic).sort()).toEqual(types);
  });

  it.each(ALL_TOPICS)('parks poison messages from %s in its .dlq topic', (topic) => {
    expect(deadLetterTopic(topic)).toBe(`${topic}.dlq`);
  });
});

describe('status vocabulary', () => {
  it.each(FINAL_STATUSES)('treats %s as final', (status) => {
    expect(isFinalStatus(status)).toBe(true);
  });

  it.each(ACTIVE_STATUSES)('treats %s as still active', (status) => {
    expect(isFinalStatus(status)).toBe(false);
  });
});
