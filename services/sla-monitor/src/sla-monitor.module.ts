import { DynamicModule, Module } from '@nestjs/common';
import { serviceInfrastructure, ServiceInfrastructureSpec, ServiceSettings } from '@waybill/service-kit';
import { loadSlaConfig, SLA_CONFIG, SlaConfig } from './config/sla-config';
import { DeadlineEntity } from './deadlines/deadline.entity';
import { DeadlinePoller } from './deadlines/deadline-poller';
import { DeadlinesConsumer } from './deadlines/deadlines.consumer';
import { SLA_MONITOR } from './deadlines/sla-events';
import { CreateSlaTables1764320000002 } from './migrations/1764320000002-create-sla-tables';
import { TrackSlaStates1764500000000 } from './migrations/1764500000000-track-sla-states';
import { SummaryRollup1765000000000 } from './migrations/1765000000000-summary-rollup';
import { SlaOutboxBatches1766000000002 } from './migrations/1766000000002-outbox-batches';
import { SlaReportsController } from './reports/sla-reports.controller';
import { SlaReports } from './reports/sla-reports.service';
import { SummaryRollupFolder } from './rollup/summary-rollup-folder';

export const SLA_ENTITIES = [DeadlineEntity];
export const SLA_MIGRATIONS = [
  CreateSlaTables1764320000002,
  TrackSlaStates1764500000000,
  SummaryRollup1765000000000,
  SlaOutboxBatches1766000000002,
];

/** Durable deadlines, SLA states and breach reports; emits on `waybill.sla.v1`. */
@Module({})
export class SlaMonitorModule {
  static readonly serviceName = SLA_MONITOR;

  /** Its schema, entities and committed migrations (also what `npm run db:migrate` runs). */
  static readonly database: ServiceInfrastructureSpec = {
    name: SLA_MONITOR,
    schema: 'sla',
    entities: SLA_ENTITIES,
    migrations: SLA_MIGRATIONS,
  };

  /** Reads its own environment (SLA_*) here, so a bad value throws, named, before anything starts. */
  static register(settings: ServiceSettings, config: SlaConfig = loadSlaConfig()): DynamicModule {
    return {
      module: SlaMonitorModule,
      imports: serviceInfrastructure(settings, SlaMonitorModule.database),
      controllers: [SlaReportsController],
      providers: [
        { provide: SLA_CONFIG, useValue: config },
        DeadlinesConsumer,
        DeadlinePoller,
        SummaryRollupFolder,
        SlaReports,
      ],
    };
  }
}
