import { ConfigError, loadConfig } from '@waybill/service-kit';
import { accessEnvSchema, allowPrivateWebhookTargets, refuseDevJwtSecretInProduction } from './access-config';

describe('access configuration', () => {
  it('defaults to a 15 minute token, no CORS origins and the development secret', () => {
    const config = loadConfig(accessEnvSchema, {});
    expect(config.JWT_TTL_SECONDS).toBe(900);
    expect(config.CORS_ORIGINS).toEqual([]);
    expect(config.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses the development JWT secret in production, naming it', () => {
    const config = loadConfig(accessEnvSchema, { NODE_ENV: 'production' });
    expect(() => refuseDevJwtSecretInProduction(config)).toThrow(ConfigError);
    expect(() => refuseDevJwtSecretInProduction(config)).toThrow(/JWT_SECRET/);
  });

  it('accepts a real secret in production', () => {
    const config = loadConfig(accessEnvSchema, { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(48) });
    expect(refuseDevJwtSecretInProduction(config)).toBe(config);
  });

  it('stops on a JWT secret shorter than 32 characters', () => {
    expect(() => loadConfig(accessEnvSchema, { JWT_SECRET: 'short-secret' })).toThrow(/JWT_SECRET: must be at least 32/);
  });

  it.each(['30', '100000', 'soon'])('stops on JWT_TTL_SECONDS=%s', (ttl) => {
    expect(() => loadConfig(accessEnvSchema, { JWT_TTL_SECONDS: ttl })).toThrow(/JWT_TTL_SECONDS/);
  });

  it('splits CORS_ORIGINS and refuses a path or a wildcard', () => {
    expect(loadConfig(accessEnvSchema, { CORS_ORIGINS: 'https://ops.example.com, http://localhost:5173' }).CORS_ORIGINS).toEqual([
      'https://ops.example.com',
      'http://localhost:5173',
    ]);
    expect(() => loadConfig(accessEnvSchema, { CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig(accessEnvSchema, { CORS_ORIGINS: 'https://a.example.com/path' })).toThrow(/CORS_ORIGINS/);
  });

  it.each<[string, string | undefined, boolean]>([
    ['production', undefined, false],
    ['development', undefined, true],
    ['test', undefined, true],
    ['production', 'true', true],
    ['development', 'false', false],
  ])('in %s with WEBHOOK_ALLOW_PRIVATE_TARGETS=%p allows private webhook targets: %p', (nodeEnv, flag, allowed) => {
    const env: NodeJS.ProcessEnv = { NODE_ENV: nodeEnv };
    if (flag) env.WEBHOOK_ALLOW_PRIVATE_TARGETS = flag;
    expect(allowPrivateWebhookTargets(loadConfig(accessEnvSchema, env))).toBe(allowed);
  });
});
