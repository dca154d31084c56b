import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AnyEvent, EventEnvelope, Topics } from '@waybill/contracts';
import { EventConsumers, Outbox } from '@waybill/messaging';
import { SLA_CONFIG, SlaConfig } from '../config/sla-config';
import { SlaRecord } from '../rules/sla-record';
import { decide } from '../rules/sla-rules';
import { etaUpdated, shipmentCancelled, shipmentOpened, statusChanged, wentStale } from '../rules/shipment-facts';
import { DeadlineStore } from './deadline-store';
import { countTransitions, transitionEvents } from './sla-events';

/**
 * Moves each shipment's SLA state on shipment and tracking events: the event's facts are applied
 * under the row lock, the rules decide, and the new state, the next due time and any `sla.*`
 * events commit together with the inbox record of the event.
 */
@Injectable()
export class DeadlinesConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EventConsumers) private readonly consumers: EventConsumers,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(SLA_CONFIG) private readonly config: SlaConfig,
  ) {}

  onApplicationBootstrap() {
    return this.consumers.subscribeEvents({
      topics: [Topics.shipments, Topics.tracking],
      handlers: {
        'shipment.created': (event, manager) => this.open(event, manager),
        'shipment.cancelled': (event, manager) =>
          this.apply(event, manager, (record) => shipmentCancelled(record)),
        'tracking.status_changed': (event, manager) =>
          this.apply(event, manager, (record) =>
            statusChanged(record, {
              status: event.payload.status,
              version: event.payload.version,
              occurredAt: new Date(event.occurredAt),
            }),
          ),
        'tracking.eta_updated': (event, manager) =>
          this.apply(event, manager, (record) =>
            etaUpdated(record, { eta: new Date(event.payload.eta), givenAt: new Date(event.occurredAt) }),
          ),
        'tracking.stale': (event, manager) =>
          this.apply(event, manager, (record) => wentStale(record, { lastScanAt: new Date(event.payload.lastScanAt) })),
      },
    });
  }

  async open(event: EventEnvelope<'shipment.created'>, manager: EntityManager): Promise<void> {
    const { payload } = event;
    const record = await DeadlineStore.upsertShipment(manager, {
      shipmentId: event.shipmentId,
      trackingNumber: payload.trackingNumber,
      serviceLevel: payload.serviceLevel,
      carrier: payload.carrier,
      region: payload.destination.country,
    });
    await this.decideAndSave(
      event,
      manager,
      shipmentOpened(record, { promisedBy: new Date(payload.promisedBy), createdAt: new Date(event.occurredAt) }),
    );
  }

  private async apply(event: AnyEvent, manager: EntityManager, fact: (record: SlaRecord) => SlaRecord) {
    const trackingNumber = 'trackingNumber' in event.payload ? event.payload.trackingNumber : undefined;
    const record = await DeadlineStore.lock(manager, event.shipmentId, trackingNumber);
    await this.decideAndSave(event, manager, fact(record));
  }

  /** Decides on the facts of a locked row; the new state and its `sla.*` events commit with the event. */
  private async decideAndSave(event: AnyEvent, manager: EntityManager, facts: SlaRecord) {
    const decision = decide(facts, new Date(), this.config.policy);
    await DeadlineStore.save(manager, [decision]);
    const events = transitionEvents(decision.record, decision.transitions, event);
    await this.outbox.addEvents(manager, events);
    countTransitions(events, 'event');
  }
}
