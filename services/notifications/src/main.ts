import 'reflect-metadata';
import { runDistributedService } from '@waybill/service-kit';
import { NotificationsModule } from './notifications.module';

void runDistributedService({
  name: NotificationsModule.serviceName,
  defaultPort: 3004,
  module: (settings) => NotificationsModule.register(settings),
});
