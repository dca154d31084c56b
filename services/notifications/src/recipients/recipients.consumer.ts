import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, Topics } from '@waybill/contracts';
import { EventConsumers } from '@waybill/messaging';

export const NOTIFICATIONS = 'notifications';

/** Remembers each shipment's recipient and locale, so later status and SLA events can be told. */
@Injectable()
export class RecipientsConsumer implements OnApplicationBootstrap {
  constructor(@Inject(EventConsumers) private readonly consumers: EventConsumers) {}

  onApplicationBootstrap() {
    return this.consumers.subscribeEvents({
      topics: [Topics.shipments, Topics.tracking, Topics.sla],
      handlers: {
        'shipment.created': (event, manager) => this.remember(event, manager),
      },
    });
  }

  async remember(event: EventEnvelope<'shipment.created'>, manager: EntityManager): Promise<void> {
    const { recipient, trackingNumber } = event.payload;
    await manager.query(
      `INSERT INTO notifications.recipients (shipment_id, tracking_number, name, email, phone, locale, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (shipment_id) DO NOTHING`,
      [
        event.shipmentId,
        trackingNumber,
        recipient.name,
        recipient.email ?? null,
        recipient.phone ?? null,
        recipient.locale,
        event.occurredAt,
      ],
    );
  }
}
