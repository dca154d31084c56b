import 'reflect-metadata';
import { runDistributedService } from '@waybill/service-host';
import { TrackingModule } from './tracking.module';

void runDistributedService({
  name: TrackingModule.serviceName,
  defaultPort: 3002,
  module: (settings) => TrackingModule.register(settings),
});
