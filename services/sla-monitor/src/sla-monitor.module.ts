import { DynamicModule, Module } from '@nestjs/common';
import { serviceInfrastructure, ServiceSettings } from '@waybill/service-kit';
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
      imports: serviceInfrastructure(settings, {
        name: SLA_MONITOR,
        schema: 'sla',
        entities: [DeadlineEntity],
        migrations: [CreateSlaTables1764320000002],
      }),
      providers: [DeadlinesConsumer],
    };
  }
}
