import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment against a schema; a bad or missing variable stops the process, named. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  // An empty variable (`KAFKA_BROKERS=`) means "not set", as shells and compose files use it.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const value = issue.path.length === 1 ? given[String(issue.path[0])] : undefined;
      return value === undefined ? `${name}: ${issue.message} (not set)` : `${name}: ${issue.message}`;
    }),
  );
}

const DEV_TOKEN_SECRET = 'waybill-dev-only-tracking-token-secret';

export const LogLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Variables every Waybill process reads, whichever mode it runs in. */
export const CommonEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: LogLevelSchema.default('info'),
  /** Customer tracking tokens are HMACs of the tracking number under this secret. */
  TRACKING_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_TOKEN_SECRET),
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
};

export const PostgresUrlSchema = z
  .string({ error: 'required' })
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL');

export const KafkaBrokersSchema = z
  .string({ error: 'required' })
  .min(1, 'required')
  .transform((value) => value.split(',').map((b) => b.trim()).filter(Boolean))
  .refine(
    (brokers) => brokers.length > 0 && brokers.every((b) => /^[^:\s]+:\d+$/.test(b)),
    'must be host:port[,host:port…]',
  );

export const PortSchema = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/** Production must never run with the development secret. */
export function refuseDevSecretsInProduction<T extends { NODE_ENV: string; TRACKING_TOKEN_SECRET: string }>(
  config: T,
): T {
  if (config.NODE_ENV === 'production' && config.TRACKING_TOKEN_SECRET === DEV_TOKEN_SECRET) {
    throw new ConfigError(['TRACKING_TOKEN_SECRET: the development default is refused in production']);
  }
  return config;
}
