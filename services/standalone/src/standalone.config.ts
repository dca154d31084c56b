import { z } from 'zod';
import { PortSchema, PostgresUrlSchema } from '@waybill/service-kit';
import { HostEnv } from '@waybill/service-host';

/** Standalone needs nothing set: Postgres is embedded unless DATABASE_URL names a server. */
export const StandaloneEnv = z.object({
  ...HostEnv,
  PORT: PortSchema(3000),
  DATABASE_URL: PostgresUrlSchema.optional(),
  WAYBILL_DATA_DIR: z.string().min(1).default('.waybill'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54320),
});
export type StandaloneConfig = z.infer<typeof StandaloneEnv>;
