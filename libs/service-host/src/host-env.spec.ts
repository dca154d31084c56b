import { ConfigError, loadConfig, refuseDevSecretsInProduction } from '@waybill/service-kit';
import { distributedEnvSchema, refuseDefaultSecretsInProduction } from './host-env';

const schema = distributedEnvSchema(3002);

const validEnv = {
  DATABASE_URL: 'postgres://waybill:waybill@localhost:5432/waybill',
  KAFKA_BROKERS: 'localhost:9092',
};

function configErrorFor(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(schema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, the configuration loaded');
}

describe('loadConfig for a distributed service', () => {
  it('stops on a missing KAFKA_BROKERS, naming it and saying it is not set', () => {
    const { KAFKA_BROKERS: _omitted, ...env } = validEnv;
    const error = configErrorFor(env);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^KAFKA_BROKERS: .*\(not set\)$/);
    expect(error.message).toContain('KAFKA_BROKERS');
    expect(error.message).toContain('not set');
  });

  it('names every missing variable at once', () => {
    const error = configErrorFor({});
    expect(error.problems).toEqual([
      expect.stringMatching(/^DATABASE_URL: .*\(not set\)$/),
      expect.stringMatching(/^KAFKA_BROKERS: .*\(not set\)$/),
    ]);
  });

  it.each(['mysql://waybill@localhost/waybill', 'localhost:5432', 'http://postgres.internal'])(
    'stops on a DATABASE_URL that is not a postgres URL (%s), naming it',
    (url) => {
      const error = configErrorFor({ ...validEnv, DATABASE_URL: url });
      expect(error.problems).toEqual(['DATABASE_URL: must be a postgres:// URL']);
      expect(error.message).toContain('DATABASE_URL');
    },
  );

  it.each(['postgres://localhost/waybill', 'postgresql://localhost/waybill'])('accepts DATABASE_URL %s', (url) => {
    expect(loadConfig(schema, { ...validEnv, DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it.each(['http', '0', '65536', '3000.5', '-1'])('stops on PORT=%s, naming it', (port) => {
    const error = configErrorFor({ ...validEnv, PORT: port });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^PORT: /);
    expect(error.problems[0]).not.toContain('not set');
  });

  it.each(['kafka', 'kafka:', 'kafka:9092,broker two:9092'])('stops on KAFKA_BROKERS=%p, naming it', (brokers) => {
    const error = configErrorFor({ ...validEnv, KAFKA_BROKERS: brokers });
    expect(error.problems).toEqual(['KAFKA_BROKERS: must be host:port[,host:port…]']);
  });

  it('stops on a NODE_ENV it does not know', () => {
    expect(configErrorFor({ ...validEnv, NODE_ENV: 'staging' }).problems).toEqual([
      expect.stringMatching(/^NODE_ENV: /),
    ]);
  });

  it('parses a valid environment, splitting the brokers and defaulting the port to the service default', () => {
    const config = loadConfig(schema, { ...validEnv, KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092,kafka-3:9093' });
    expect(config).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      TRACKING_TOKEN_SECRET: expect.any(String),
      PUBLIC_BASE_URL: 'http://localhost:3000',
      OUTBOX_POLL_MS: 500,
      PORT: 3002,
      DATABASE_URL: validEnv.DATABASE_URL,
      KAFKA_BROKERS: ['kafka-1:9092', 'kafka-2:9092', 'kafka-3:9093'],
      JWT_SECRET: expect.any(String),
      JWT_TTL_SECONDS: 900,
      STAFF_SESSION_MAX_SECONDS: 43_200,
      CORS_ORIGINS: [],
    });
  });

  it('treats an empty variable as not set, so an empty PORT falls back to the default', () => {
    expect(loadConfig(schema, { ...validEnv, PORT: '' }).PORT).toBe(3002);
  });

  it('uses the default port of the service it is given', () => {
    expect(loadConfig(distributedEnvSchema(3004), validEnv).PORT).toBe(3004);
  });

  it('turns PORT and OUTBOX_POLL_MS into numbers', () => {
    const config = loadConfig(schema, { ...validEnv, PORT: '8080', OUTBOX_POLL_MS: '250' });
    expect(config.PORT).toBe(8080);
    expect(config.OUTBOX_POLL_MS).toBe(250);
  });

  it('ignores variables it does not read', () => {
    const config = loadConfig(schema, { ...validEnv, HOME: '/root', PATH: '/usr/bin' });
    expect(config).not.toHaveProperty('HOME');
    expect(config).not.toHaveProperty('PATH');
  });
});

describe('refuseDevSecretsInProduction', () => {
  const devDefault = loadConfig(schema, validEnv).TRACKING_TOKEN_SECRET;
  const realSecret = 'k3p7-zq9w-production-tracking-secret';

  it('refuses the development tracking token secret in production', () => {
    const config = loadConfig(schema, { ...validEnv, NODE_ENV: 'production' });
    expect(() => refuseDevSecretsInProduction(config)).toThrow(ConfigError);
    expect(() => refuseDevSecretsInProduction(config)).toThrow(/TRACKING_TOKEN_SECRET/);
  });

  it('accepts a real secret in production', () => {
    const config = loadConfig(schema, { ...validEnv, NODE_ENV: 'production', TRACKING_TOKEN_SECRET: realSecret });
    expect(refuseDevSecretsInProduction(config)).toBe(config);
    expect(config.TRACKING_TOKEN_SECRET).toBe(realSecret);
  });

  it.each(['development', 'test'])('lets %s run with the development secret', (nodeEnv) => {
    const config = loadConfig(schema, { ...validEnv, NODE_ENV: nodeEnv });
    expect(config.TRACKING_TOKEN_SECRET).toBe(devDefault);
    expect(refuseDevSecretsInProduction(config)).toBe(config);
  });

  it('stops on a tracking token secret shorter than 16 characters, naming it', () => {
    expect(configErrorFor({ ...validEnv, TRACKING_TOKEN_SECRET: 'short' }).problems).toEqual([
      'TRACKING_TOKEN_SECRET: must be at least 16 characters',
    ]);
  });
});

describe('refuseDefaultSecretsInProduction (what every host runs at start)', () => {
  const realTrackingSecret = 'k3p7-zq9w-production-tracking-secret';
  const realJwtSecret = 'a-real-production-jwt-secret-of-48-characters-xx';

  it('refuses the development JWT secret in production even when the tracking secret is real', () => {
    const config = loadConfig(schema, { ...validEnv, NODE_ENV: 'production', TRACKING_TOKEN_SECRET: realTrackingSecret });
    expect(() => refuseDefaultSecretsInProduction(config)).toThrow(/JWT_SECRET/);
  });

  it('refuses the development tracking secret in production even when the JWT secret is real', () => {
    const config = loadConfig(schema, { ...validEnv, NODE_ENV: 'production', JWT_SECRET: realJwtSecret });
    expect(() => refuseDefaultSecretsInProduction(config)).toThrow(/TRACKING_TOKEN_SECRET/);
  });

  it('starts in production with both secrets set', () => {
    const config = loadConfig(schema, {
      ...validEnv,
      NODE_ENV: 'production',
      TRACKING_TOKEN_SECRET: realTrackingSecret,
      JWT_SECRET: realJwtSecret,
    });
    expect(refuseDefaultSecretsInProduction(config).JWT_SECRET).toBe(realJwtSecret);
  });

  it('stops on a JWT secret shorter than 32 characters, naming it', () => {
    expect(configErrorFor({ ...validEnv, JWT_SECRET: 'too-short' }).problems).toEqual(['JWT_SECRET: must be at least 32 characters']);
  });
});
