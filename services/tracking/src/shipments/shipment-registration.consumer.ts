import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, newEvent, SlaState, Topics } from '@waybill/contracts';
import { AfterCommit, EventConsumers, Outbox } from '@waybill/messaging';
import { StatusOverrides } from '../overrides/status-overrides.service';
import { ScanIngestionService } from '../scans/scan-ingestion.service';
import { countScans } from '../scans/scan-metrics';
import { TRACKING } from '../tracking.constants';
import { TimelineEntryEntity } from './timeline-entry.entity';
import { TrackedShipmentEntity } from './tracked-shipment.entity';

/**
 * Starts tracking a shipment when intake announces it (status `created`, version 1), applies the
 * scans that arrived before it, moves it to `cancelled` when intake cancels it, and keeps the SLA state the customer page shows in step with
 * sla-monitor.
 */
@Injectable()
export class ShipmentRegistrationConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EventConsumers) private readonly consumers: EventConsumers,
    @Inject(Outbox) private readonly outbox: Outbox,
    private readonly ingestion: ScanIngestionService,
    private readonly overrides: StatusOverrides,
  ) {}

  onApplicationBootstrap() {
    return this.consumers.subscribeEvents({
      topics: [Topics.shipments, Topics.sla],
      handlers: {
        'shipment.created': (event, manager) => this.register(event, manager),
        'shipment.cancelled': (event, manager) => this.overrides.cancel(manager, event),
        'sla.at_risk': (event, manager) => this.recordSlaState(event, manager),
        'sla.late': (event, manager) => this.recordSlaState(event, manager),
        'sla.breached': (event, manager) => this.recordSlaState(event, manager),
        'sla.met': (event, manager) => this.recordSlaState(event, manager),
        'sla.delivered_late': (event, manager) => this.recordSlaState(event, manager),
        'sla.recovered': (event, manager) => this.recordSlaState(event, manager),
      },
    });
  }

  async register(event: EventEnvelope<'shipment.created'>, manager: EntityManager): Promise<AfterCommit> {
    const { payload } = event;
    const inserted: unknown[] = await manager.query(
      `INSERT INTO tracking.shipments (shipment_id, tracking_number, status, status_version, sla_state,
         service_level, carrier, promised_by, eta, destination_city, destination_country, created_at, updated_at)
       VALUES ($1, $2, 'created', 1, 'on_track', $3, $4, $5, $5, $6, $7, $8, now())
       ON CONFLICT DO NOTHING RETURNING shipment_id`,
      [
        event.shipmentId,
        payload.trackingNumber,
        payload.serviceLevel,
        payload.carrier,
        payload.promisedBy,
        payload.destination.city,
        payload.destination.country,
        event.occurredAt,
      ],
    );
    if (inserted.length === 0) return; // already tracked under another event id
    await manager.insert(TimelineEntryEntity, {
      shipmentId: event.shipmentId,
      sourceEventId: event.id,
      status: 'created',
      occurredAt: new Date(event.occurredAt),
      location: null,
      description: 'Shipment registered',
    });
    await this.outbox.addEvents(manager, [
      newEvent(
        'tracking.status_changed',
        event.shipmentId,
        { trackingNumber: payload.trackingNumber, previousStatus: null, status: 'created', version: 1 },
        { source: TRACKING, occurredAt: event.occurredAt, causedBy: event },
      ),
    ]);
    const parked = await this.ingestion.applyParked(manager, payload.trackingNumber);
    // Counted once committed, as the scan feed counts: a retried registration counts once.
    return () => countScans('feed', [], parked.unknownCodes);
  }

  async recordSlaState(event: EventEnvelope, manager: EntityManager): Promise<void> {
    const state = (event.payload as { state: SlaState }).state;
    await manager.update(TrackedShipmentEntity, { shipmentId: event.shipmentId }, { slaState: state });
  }
}
