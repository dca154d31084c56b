import { DynamicModule } from '@nestjs/common';
import { z } from 'zod';
import { accessSettingsFrom, hardeningConfigFrom } from '@waybill/access';
import { KafkaBus } from '@waybill/messaging';
import { ConfigError, loadConfig, ServiceSettings } from '@waybill/service-kit';
import { createHostApp } from './create-host-app';
import { distributedEnvSchema, refuseDefaultSecretsInProduction } from './host-env';
import { hostModule } from './host-module';

export interface DistributedServiceSpec {
  name: string;
  defaultPort: number;
  module(settings: ServiceSettings): DynamicModule;
}

/** Runs one service as its own process: Kafka bus, its Postgres schema, its HTTP port. */
export async function runDistributedService(spec: DistributedServiceSpec): Promise<void> {
  let config: z.infer<ReturnType<typeof distributedEnvSchema>>;
  try {
    config = refuseDefaultSecretsInProduction(loadConfig(distributedEnvSchema(spec.defaultPort)));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${spec.name}: ${error.message}`);
    process.exit(78); // EX_CONFIG
  }
  const settings: ServiceSettings = {
    databaseUrl: config.DATABASE_URL,
    trackingTokenSecret: config.TRACKING_TOKEN_SECRET,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    outboxPollMs: config.OUTBOX_POLL_MS,
  };
  const bus = new KafkaBus({ brokers: config.KAFKA_BROKERS, clientId: `waybill-${spec.name}`, namespace: config.KAFKA_NAMESPACE });
  const root = hostModule({
    name: spec.name,
    logLevel: config.LOG_LEVEL,
    bus,
    services: [spec.module(settings)],
    connections: [spec.name],
    // Every process checks every request against the one identity store (libs/access README).
    access: accessSettingsFrom(config, config.DATABASE_URL),
  });
  const app = await createHostApp(root, { title: `Waybill ${spec.name}`, hardening: hardeningConfigFrom(config) });
  await app.listen(config.PORT, '0.0.0.0');
}
