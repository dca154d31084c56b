import { DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@waybill/messaging';
import { serviceDatabase, ServiceSettings } from '@waybill/service-kit';
import { DeadlineEntity } from './deadlines/deadline.entity';
import { DeadlinesConsumer, SLA_MONITOR } from './deadlines/deadlines.consumer';
import { CreateSlaTables1764320000002 } from './migrations/1764320000002-create-sla-tables';

/** Durable deadlines and SLA states; emits on `waybill.sla.v1`. */
@Module({})
export class SlaMonitorModule {
  static readonly serviceName = SLA_MONITOR;

  static register(settings: ServiceSettings): DynamicModule {
    return {
      module: SlaMonitorModule,
      imports: [
        serviceDatabase({
          name: SLA_MONITOR,
          schema: 'sla',
          url: settings.databaseUrl,
          entities: [DeadlineEntity],
          migrations: [CreateSlaTables1764320000002],
        }),
        MessagingModule.forService({
          service: SLA_MONITOR,
          schema: 'sla',
          connection: SLA_MONITOR,
          pollIntervalMs: settings.outboxPollMs,
        }),
      ],
      providers: [DeadlinesConsumer],
    };
  }
}
