import 'reflect-metadata';
import { ConfigError } from '@waybill/service-kit';
import { runDistributedService } from '@waybill/service-host';
import { loadSlaConfig, SlaConfig } from './config/sla-config';
import { SlaMonitorModule } from './sla-monitor.module';

let config: SlaConfig;
try {
  config = loadSlaConfig(); // fail fast, naming the bad variable, before anything connects
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${SlaMonitorModule.serviceName}: ${error.message}`);
  process.exit(78); // EX_CONFIG
}

void runDistributedService({
  name: SlaMonitorModule.serviceName,
  defaultPort: 3003,
  module: (settings) => SlaMonitorModule.register(settings, config),
});
