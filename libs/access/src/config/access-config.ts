import { z } from 'zod';
import { ConfigError } from '@waybill/service-kit';
import { LockoutRules } from '../login/lockout-rules';

const DEV_JWT_SECRET = 'waybill-dev-only-jwt-secret-change-me-in-production';

const origins = z
  .string()
  .transform((value) => value.split(',').map((o) => o.trim()).filter(Boolean))
  .refine((list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)), 'must be origins like https://ops.example.com, comma-separated');

/**
 * The variables libs/access reads; spread into a host's env schema (`z.object({ ...CommonEnv,
 * ...AccessEnv })`) so they are checked at start with the others.
 */
export const AccessEnv = {
  /** HS256 key of the staff JWTs; production refuses the development default. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_JWT_SECRET),
  /** How long a staff token lives, in seconds (default 15 minutes). */
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  /**
   * How long a sign-in lasts, in seconds, however often its token is renewed (default 12 hours,
   * a long shift); then the password is asked again.
   */
  STAFF_SESSION_MAX_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(43_200),
  /** Origins allowed to call the API from a browser; none by default (same origin only). */
  CORS_ORIGINS: origins.default([]),
  /** Allow webhooks to private, loopback and link-local addresses; defaults to off in production. */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.stringbool().optional(),
  /** Express `trust proxy`: set it behind a proxy so per-IP limits see the client, not the proxy. */
  TRUST_PROXY: z.string().optional(),
};

const accessEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  ...AccessEnv,
});
export type AccessEnvConfig = z.infer<typeof accessEnvSchema>;

/** Production must never sign tokens with the development key. */
export function refuseDevJwtSecretInProduction<T extends { NODE_ENV: string; JWT_SECRET: string }>(config: T): T {
  if (config.NODE_ENV === 'production' && config.JWT_SECRET === DEV_JWT_SECRET) {
    throw new ConfigError(['JWT_SECRET: the development default is refused in production']);
  }
  return config;
}

/** What AccessModule needs from its host. */
export interface AccessSettings {
  databaseUrl: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  /** How long a sign-in may be renewed for (default 12 hours). */
  sessionMaxSeconds?: number;
  /** bcrypt cost; at least 10. */
  passwordCost?: number;
  lockout?: Partial<LockoutRules>;
  /** Serve /auth/* and /admin/* from this process (default true). */
  endpoints?: boolean;
}

export interface HttpHardeningConfig {
  corsOrigins: string[];
  trustProxy?: string;
}

/** The settings and hardening config a host derives from its parsed environment. */
export function accessSettingsFrom(
  config: Pick<AccessEnvConfig, 'JWT_SECRET' | 'JWT_TTL_SECONDS' | 'STAFF_SESSION_MAX_SECONDS'>,
  databaseUrl: string,
): AccessSettings {
  return {
    databaseUrl,
    jwtSecret: config.JWT_SECRET,
    jwtTtlSeconds: config.JWT_TTL_SECONDS,
    sessionMaxSeconds: config.STAFF_SESSION_MAX_SECONDS,
  };
}

export function hardeningConfigFrom(config: Pick<AccessEnvConfig, 'CORS_ORIGINS' | 'TRUST_PROXY'>): HttpHardeningConfig {
  return { corsOrigins: config.CORS_ORIGINS, trustProxy: config.TRUST_PROXY };
}

/** Private webhook targets are for development and tests: allowed unless production, or set. */
export function allowPrivateWebhookTargets(config: Pick<AccessEnvConfig, 'NODE_ENV' | 'WEBHOOK_ALLOW_PRIVATE_TARGETS'>): boolean {
  return config.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? config.NODE_ENV !== 'production';
}

export { accessEnvSchema };
