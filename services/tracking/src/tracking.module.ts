import { DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@waybill/messaging';
import { serviceDatabase, ServiceSettings } from '@waybill/service-kit';
import { CreateTrackingTables1764320000001 } from './migrations/1764320000001-create-tracking-tables';
import { PublicTrackingController, TRACKING_SETTINGS } from './public-tracking/public-tracking.controller';
import { ShipmentRegistrationConsumer, TRACKING } from './shipments/shipment-registration.consumer';
import { TimelineEntryEntity } from './shipments/timeline-entry.entity';
import { TrackedShipmentEntity } from './shipments/tracked-shipment.entity';

/** Canonical status and timeline per shipment; emits on `waybill.tracking.v1`. */
@Module({})
export class TrackingModule {
  static readonly serviceName = TRACKING;

  static register(settings: ServiceSettings): DynamicModule {
    return {
      module: TrackingModule,
      imports: [
        serviceDatabase({
          name: TRACKING,
          schema: 'tracking',
          url: settings.databaseUrl,
          entities: [TrackedShipmentEntity, TimelineEntryEntity],
          migrations: [CreateTrackingTables1764320000001],
        }),
        MessagingModule.forService({
          service: TRACKING,
          schema: 'tracking',
          connection: TRACKING,
          pollIntervalMs: settings.outboxPollMs,
        }),
      ],
      controllers: [PublicTrackingController],
      providers: [ShipmentRegistrationConsumer, { provide: TRACKING_SETTINGS, useValue: settings }],
    };
  }
}
