import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, Topics } from '@waybill/contracts';
import { EventConsumers } from '@waybill/messaging';

export const SLA_MONITOR = 'sla-monitor';

/** Keeps one deadline per shipment: opened on `shipment.created`, stopped on cancellation. */
@Injectable()
export class DeadlinesConsumer implements OnApplicationBootstrap {
  constructor(@Inject(EventConsumers) private readonly consumers: EventConsumers) {}

  onApplicationBootstrap() {
    return this.consumers.subscribeEvents({
      topics: [Topics.shipments, Topics.tracking],
      handlers: {
        'shipment.created': (event, manager) => this.open(event, manager),
        'shipment.cancelled': (event, manager) => this.stop(event, manager),
      },
    });
  }

  async open(event: EventEnvelope<'shipment.created'>, manager: EntityManager): Promise<void> {
    const { payload } = event;
    await manager.query(
      `INSERT INTO sla.deadlines (shipment_id, tracking_number, promised_by, due_at, state,
         service_level, carrier, region, created_at)
       VALUES ($1, $2, $3, $3, 'on_track', $4, $5, $6, $7)
       ON CONFLICT (shipment_id) DO NOTHING`,
      [
        event.shipmentId,
        payload.trackingNumber,
        payload.promisedBy,
        payload.serviceLevel,
        payload.carrier,
        payload.destination.country,
        event.occurredAt,
      ],
    );
  }

  async stop(event: EventEnvelope<'shipment.cancelled'>, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE sla.deadlines SET due_at = NULL, stopped_reason = 'cancelled' WHERE shipment_id = $1`,
      [event.shipmentId],
    );
  }
}
