import 'reflect-metadata';
import { runDistributedService } from '@waybill/service-kit';
import { SlaMonitorModule } from './sla-monitor.module';

void runDistributedService({
  name: SlaMonitorModule.serviceName,
  defaultPort: 3003,
  module: (settings) => SlaMonitorModule.register(settings),
});
