import { DynamicModule } from '@nestjs/common';
import { z } from 'zod';
import { BusModule, KafkaBus } from '@waybill/messaging';
import {
  CommonEnv,
  ConfigError,
  KafkaBrokersSchema,
  loadConfig,
  PortSchema,
  PostgresUrlSchema,
  refuseDevSecretsInProduction,
} from '../config/load-config';
import { createHttpApp } from '../http/bootstrap';
import { HealthModule } from '../health/health.module';
import { loggingModule } from '../logging';
import { MetricsModule } from '../metrics/metrics';
import { AsyncApiModule } from '../http/asyncapi.controller';
import { ServiceSettings } from './service-settings';

export function distributedEnvSchema(defaultPort: number) {
  return z.object({
    ...CommonEnv,
    PORT: PortSchema(defaultPort),
    DATABASE_URL: PostgresUrlSchema,
    KAFKA_BROKERS: KafkaBrokersSchema,
    /** Namespaces topics and consumer groups, so several deployments can share one cluster. */
    KAFKA_NAMESPACE: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes')
      .optional(),
  });
}

export interface DistributedServiceSpec {
  name: string;
  defaultPort: number;
  module(settings: ServiceSettings): DynamicModule;
}

/** Runs one service as its own process: Kafka bus, its Postgres schema, its HTTP port. */
export async function runDistributedService(spec: DistributedServiceSpec): Promise<void> {
  let config: z.infer<ReturnType<typeof distributedEnvSchema>>;
  try {
    config = refuseDevSecretsInProduction(loadConfig(distributedEnvSchema(spec.defaultPort)));
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
  const namespace = config.KAFKA_NAMESPACE ? `${config.KAFKA_NAMESPACE}.` : '';
  const bus = new KafkaBus({
    brokers: config.KAFKA_BROKERS,
    clientId: `waybill-${spec.name}`,
    topicPrefix: namespace,
    groupIdPrefix: namespace,
  });
  const root: DynamicModule = {
    module: class DistributedServiceRoot {},
    imports: [
      loggingModule(config.LOG_LEVEL, spec.name),
      BusModule.forBus(bus),
      spec.module(settings),
      MetricsModule,
      AsyncApiModule,
      HealthModule.forConnections([spec.name]),
    ],
  };
  const app = await createHttpApp(root, { title: `Waybill ${spec.name}` });
  await app.listen(config.PORT, '0.0.0.0');
}
