import { runTs } from '../support/processes';

jest.setTimeout(60_000);

/** A service with a bad or missing variable stops at once and names it. */
describe('configuration is checked at start', () => {
  it.each([
    ['KAFKA_BROKERS is missing', { KAFKA_BROKERS: '', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/db' }, /KAFKA_BROKERS/],
    ['DATABASE_URL is not a postgres URL', { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must be a postgres:\/\/ URL/],
    ['PORT is not a number', { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/db', PORT: 'http' }, /PORT/],
  ])('tracking refuses to start when %s', async (_case, env, message) => {
    const service = runTs('services/tracking/src/main.ts', { ...env, PORT: (env as { PORT?: string }).PORT ?? '0' });
    const code = await service.exited;
    expect(code).toBe(78);
    expect(service.output()).toMatch(message);
  });

  it('standalone refuses the development token secret in production', async () => {
    const platform = runTs('services/standalone/src/main.ts', { NODE_ENV: 'production', TRACKING_TOKEN_SECRET: undefined, DATABASE_URL: 'postgres://u:p@127.0.0.1:1/db' });
    const code = await platform.exited;
    expect(code).toBe(78);
    expect(platform.output()).toMatch(/TRACKING_TOKEN_SECRET/);
  });

  it.each([
    ['standalone', 'services/standalone/src/main.ts'],
    ['shipment-intake', 'services/shipment-intake/src/main.ts'],
  ])('%s refuses the development JWT secret in production, even with a real tracking secret', async (_name, entry) => {
    const service = runTs(entry, {
      NODE_ENV: 'production',
      TRACKING_TOKEN_SECRET: 'a-real-production-tracking-secret',
      JWT_SECRET: undefined,
      DATABASE_URL: 'postgres://u:p@127.0.0.1:1/db',
      KAFKA_BROKERS: '127.0.0.1:9092',
      PORT: '3999', // never reached: the configuration check comes first
    });
    expect(await service.exited).toBe(78);
    expect(service.output()).toMatch(/JWT_SECRET: the development default is refused in production/);
  });
});
