import { z } from 'zod';
import { AccessEnv, refuseDevJwtSecretInProduction } from '@waybill/access';
import { CommonEnv, KafkaBrokersSchema, PortSchema, PostgresUrlSchema, refuseDevSecretsInProduction } from '@waybill/service-kit';

/** What every host reads: the common service variables and the access ones (JWT, CORS, proxy). */
export const HostEnv = { ...CommonEnv, ...AccessEnv };

/** The environment of one service run as its own process on Kafka. */
export function distributedEnvSchema(defaultPort: number) {
  return z.object({
    ...HostEnv,
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

/** Production refuses every development default secret: tracking links and staff tokens. */
export function refuseDefaultSecretsInProduction<
  T extends { NODE_ENV: string; TRACKING_TOKEN_SECRET: string; JWT_SECRET: string },
>(config: T): T {
  return refuseDevJwtSecretInProduction(refuseDevSecretsInProduction(config));
}
