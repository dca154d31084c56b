import { DynamicModule, Module } from '@nestjs/common';
import { SERVICE_SETTINGS, serviceInfrastructure, ServiceInfrastructureSpec, ServiceSettings } from '@waybill/service-kit';
import { CreateTrackingTables1764320000001 } from './migrations/1764320000001-create-tracking-tables';
import { ScanIngestion1764400000000 } from './migrations/1764400000000-scan-ingestion';
import { StatusOverrides1764600000000 } from './migrations/1764600000000-status-overrides';
import { TrackingOutboxBatches1766000000001 } from './migrations/1766000000001-outbox-batches';
import { ShipmentsRoomForUpdates1766100000000 } from './migrations/1766100000000-shipments-room-for-updates';
import { TimelineKeyedBySourceEvent1766200000000 } from './migrations/1766200000000-timeline-keyed-by-source-event';
import { TimelineWithoutShipmentFk1766300000000 } from './migrations/1766300000000-timeline-without-shipment-fk';
import { StatusCorrectionEntity } from './corrections/status-correction.entity';
import { StatusCorrectionsController } from './corrections/status-corrections.controller';
import { StatusOverrides } from './overrides/status-overrides.service';
import { PublicTrackingController } from './public-tracking/public-tracking.controller';
import { ScanFeedConsumer } from './scans/scan-feed.consumer';
import { ScanIngestionService } from './scans/scan-ingestion.service';
import { ScansController } from './scans/scans.controller';
import { ShipmentRegistrationConsumer } from './shipments/shipment-registration.consumer';
import { TimelineEntryEntity } from './shipments/timeline-entry.entity';
import { TrackedShipmentEntity } from './shipments/tracked-shipment.entity';
import { StaleShipmentsPoller } from './stale/stale-shipments.poller';
import { TimelineController } from './timeline/timeline.controller';
import { TimelineReader } from './timeline/timeline.reader';
import { loadTrackingConfig, TRACKING_CONFIG } from './tracking.config';
import { TRACKING } from './tracking.constants';

/** Scans in (HTTP and `waybill.scans.v1`), canonical status and timeline per shipment, events out on `waybill.tracking.v1`. */
@Module({})
export class TrackingModule {
  static readonly serviceName = TRACKING;

  /** Its schema, entities and committed migrations (also what `npm run db:migrate` runs). */
  static readonly database: ServiceInfrastructureSpec = {
    name: TRACKING,
    schema: 'tracking',
    entities: [TrackedShipmentEntity, TimelineEntryEntity, StatusCorrectionEntity],
    migrations: [
      CreateTrackingTables1764320000001,
      ScanIngestion1764400000000,
      StatusOverrides1764600000000,
      TrackingOutboxBatches1766000000001,
      ShipmentsRoomForUpdates1766100000000,
      TimelineKeyedBySourceEvent1766200000000,
      TimelineWithoutShipmentFk1766300000000,
    ],
  };

  static register(settings: ServiceSettings): DynamicModule {
    return {
      module: TrackingModule,
      imports: serviceInfrastructure(settings, TrackingModule.database),
      controllers: [ScansController, TimelineController, PublicTrackingController, StatusCorrectionsController],
      providers: [
        { provide: SERVICE_SETTINGS, useValue: settings },
        { provide: TRACKING_CONFIG, useValue: loadTrackingConfig() },
        ScanIngestionService,
        StatusOverrides,
        TimelineReader,
        ShipmentRegistrationConsumer,
        ScanFeedConsumer,
        StaleShipmentsPoller,
      ],
    };
  }
}
