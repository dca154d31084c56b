import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Topics } from '@waybill/contracts';
import { EventConsumers } from '@waybill/messaging';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../config/notifications.config';
import { TRIGGER_TYPES } from '../rules/notification-rules';
import { TriggerEvent } from '../shipments/shipment-state';
import { NotificationRecorder } from './notification-recorder';

/**
 * Reads shipments, tracking and SLA events through the inbox (a redelivered event id does
 * nothing) and records, in the same transaction, the shipment state and the notifications due.
 * Nothing is sent here: the dispatcher sends after the commit.
 */
@Injectable()
export class NotificationEventsConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EventConsumers) private readonly consumers: EventConsumers,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly recorder: NotificationRecorder,
  ) {}

  onApplicationBootstrap() {
    const onTrigger = (event: TriggerEvent, manager: Parameters<NotificationRecorder['onTrigger']>[1]) =>
      this.recorder.onTrigger(event, manager);
    return this.consumers.subscribeEvents({
      topics: [Topics.shipments, Topics.tracking, Topics.sla],
      group: this.config.NOTIFICATIONS_CONSUMER_GROUP,
      handlers: {
        'shipment.created': (event, manager) => this.recorder.onShipmentCreated(event, manager),
        'shipment.updated': (event, manager) => this.recorder.onShipmentUpdated(event, manager),
        ...Object.fromEntries(TRIGGER_TYPES.map((type) => [type, onTrigger])),
      },
    });
  }
}
