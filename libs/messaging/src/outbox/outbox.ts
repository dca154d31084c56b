import { EntityManager } from 'typeorm';
import { encodeEvent, EventEnvelope, topicOf } from '@waybill/contracts';
import { OutgoingMessage } from '../event-bus';

/**
 * Writes outgoing messages into the service's outbox table inside the caller's transaction, so
 * a state change and the events it causes commit together or not at all.
 */
export class Outbox {
  constructor(readonly schema: string, private readonly onWrite: () => void = () => undefined) {}

  async addEvents(manager: EntityManager, events: EventEnvelope[]): Promise<void> {
    await this.addMessages(
      manager,
      events.map((event) => ({
        topic: topicOf(event.type),
        key: event.shipmentId,
        value: encodeEvent(event),
        headers: { 'event-type': event.type, 'event-id': event.id },
      })),
    );
  }

  async addMessages(manager: EntityManager, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const params: unknown[] = [];
    const rows = messages.map((message, i) => {
      params.push(
        message.topic,
        message.key,
        Buffer.isBuffer(message.value) ? message.value : Buffer.from(message.value),
        JSON.stringify(message.headers ?? {}),
      );
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}::jsonb)`;
    });
    await manager.query(
      `INSERT INTO "${this.schema}".outbox (topic, key, value, headers) VALUES ${rows.join(', ')}`,
      params,
    );
    this.onWrite();
  }
}
