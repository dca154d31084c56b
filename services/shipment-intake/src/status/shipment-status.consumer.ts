import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, SlaState, Topics } from '@waybill/contracts';
import { EventConsumers } from '@waybill/messaging';

type SlaEvent = EventEnvelope<'sla.at_risk' | 'sla.late' | 'sla.breached' | 'sla.met' | 'sla.delivered_late' | 'sla.recovered'>;

/**
 * Intake's read model of what other services own: the status (from tracking) and the SLA state
 * (from sla-monitor), kept on intake's own shipment rows so `GET /shipments` can filter on them
 * and a delivered shipment can be refused cancellation. Redeliveries and late events change nothing.
 */
@Injectable()
export class ShipmentStatusConsumer implements OnApplicationBootstrap {
  constructor(@Inject(EventConsumers) private readonly consumers: EventConsumers) {}

  onApplicationBootstrap() {
    const sla = (event: SlaEvent, manager: EntityManager) => this.recordSlaState(event, manager);
    return this.consumers.subscribeEvents({
      topics: [Topics.tracking, Topics.sla],
      handlers: {
        'tracking.status_changed': (event, manager) => this.recordStatus(event, manager),
        'sla.at_risk': sla,
        'sla.late': sla,
        'sla.breached': sla,
        'sla.met': sla,
        'sla.delivered_late': sla,
        'sla.recovered': sla,
      },
    });
  }

  /** Status versions only grow; a shipment cancelled here stays cancelled in the read model. */
  async recordStatus(event: EventEnvelope<'tracking.status_changed'>, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE intake.shipments
          SET status = CASE WHEN intake_state = 'cancelled' THEN 'cancelled' ELSE $2 END,
              status_version = $3
        WHERE id = $1 AND status_version < $3`,
      [event.shipmentId, event.payload.status, event.payload.version],
    );
  }

  /** The latest transition by the time it happened wins. */
  async recordSlaState(event: SlaEvent, manager: EntityManager): Promise<void> {
    const state: SlaState = event.payload.state;
    await manager.query(
      `UPDATE intake.shipments SET sla_state = $2, sla_changed_at = $3
        WHERE id = $1 AND (sla_changed_at IS NULL OR sla_changed_at <= $3)`,
      [event.shipmentId, state, event.occurredAt],
    );
  }
}
