import 'reflect-metadata';
import { ConfigError } from '@waybill/service-kit';
import { runDistributedService } from '@waybill/service-host';
import { loadNotificationsConfig, NotificationsConfig } from './config/notifications.config';
import { NotificationsModule } from './notifications.module';

let config: NotificationsConfig;
try {
  config = loadNotificationsConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${NotificationsModule.serviceName}: ${error.message}`);
  process.exit(78); // EX_CONFIG
}

void runDistributedService({
  name: NotificationsModule.serviceName,
  defaultPort: 3004,
  module: (settings) => NotificationsModule.register(settings, config),
});
