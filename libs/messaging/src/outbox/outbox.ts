import { EntityManager } from 'typeorm';
import { encodeEvent, EventEnvelope, topicOf } from '@waybill/contracts';
import { OutgoingMessage } from '../event-bus';
import { encodeOutboxRow, outboxRows } from './outbox-row';

/**
 * Writes outgoing messages into the service's outbox table inside the caller's transaction, so
 * a state change and the events it causes commit together or not at all. One call writes one
 * row per 1,000 messages (MessagingTablesV2 says why), in the order given.
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
    const rows = outboxRows(messages);
    const params = rows.flatMap((row) => [encodeOutboxRow(row), row.length]);
    const values = rows.map((_, i) => `($${i * 2 + 1}, $${i * 2 + 2})`).join(', ');
    await manager.query(`INSERT INTO "${this.schema}".outbox (messages, message_count) VALUES ${values}`, params);
    this.onWrite();
  }
}
