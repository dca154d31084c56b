import { z } from 'zod';
import { ScanSchema } from './scan';
import { EnvelopeSchema } from './envelope';
import { EventCatalog, EVENT_TYPES, eventTypesOn } from './event-catalog';
import { ALL_TOPICS, deadLetterTopic, Topics } from './topics';
import { SocketNamespaces } from './socket-events';

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

/**
 * The AsyncAPI 3 document of Waybill's Kafka topics, generated from the same catalog producers
 * and consumers use, so it cannot drift from the code. Served at /api/asyncapi.json.
 */
export function buildAsyncApiDocument(): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  for (const type of EVENT_TYPES) {
    const entry = EventCatalog[type];
    messages[type] = {
      name: type,
      title: type,
      contentType: 'application/json',
      summary: `${type} (v${entry.version}), keyed by shipment id`,
      headers: {
        type: 'object',
        properties: { 'event-type': { const: type }, 'event-id': { type: 'string', format: 'uuid' } },
      },
      payload: {
        allOf: [
          jsonSchema(EnvelopeSchema),
          { type: 'object', properties: { type: { const: type }, version: { const: entry.version }, payload: jsonSchema(entry.payload) } },
        ],
      },
    };
  }
  messages['scan'] = {
    name: 'scan',
    title: 'raw carrier scan',
    contentType: 'application/json',
    summary: 'A carrier feed scan, keyed by tracking number',
    payload: jsonSchema(ScanSchema),
  };
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const topic of ALL_TOPICS) {
    const names = topic === Topics.scans ? ['scan'] : eventTypesOn(topic);
    channels[topic] = {
      address: topic,
      description: `Keyed by ${topic === Topics.scans ? 'tracking number' : 'shipment id'}; poison messages go to ${deadLetterTopic(topic)}.`,
      messages: Object.fromEntries(names.map((name) => [name, { $ref: `#/components/messages/${name}` }])),
    };
    operations[`receive:${topic}`] = { action: 'receive', channel: { $ref: `#/channels/${topic}` } };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Waybill events',
      version: '1',
      description: `Kafka topics between Waybill services. Live Socket.IO namespaces: ${Object.values(SocketNamespaces).join(', ')}.`,
    },
    channels,
    operations,
    components: { messages },
  };
}
