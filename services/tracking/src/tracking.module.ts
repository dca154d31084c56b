import { DynamicModule, Module } from '@nestjs/common';
import { SERVICE_SETTINGS, serviceInfrastructure, ServiceSettings } from '@waybill/service-kit';
import { CreateTrackingTables1764320000001 } from './migrations/1764320000001-create-tracking-tables';
import { PublicTrackingController } from './public-tracking/public-tracking.controller';
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
      imports: serviceInfrastructure(settings, {
        name: TRACKING,
        schema: 'tracking',
        entities: [TrackedShipmentEntity, TimelineEntryEntity],
        migrations: [CreateTrackingTables1764320000001],
      }),
      controllers: [PublicTrackingController],
      providers: [ShipmentRegistrationConsumer, { provide: SERVICE_SETTINGS, useValue: settings }],
    };
  }
}
