import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { ApiKeyScope, issueApiKey, issueStaffToken, RateLimits, StaffRole } from '@waybill/access';
import { EventBus, InProcessBus, KafkaBus } from '@waybill/messaging';
import { ServiceSettings } from '@waybill/service-kit';
import { createHostApp } from '@waybill/service-host';
import { platformModule } from '@waybill/standalone';
import { ApiTarget } from './http';
import { brokers } from './kafka';

export interface RunningPlatform {
  app: INestApplication;
  baseUrl: string;
  /** The platform as its admin calls it (see `call` in ./http); `as(role)` for another role. */
  api: ApiTarget;
  as(role: StaffRole): Promise<ApiTarget>;
  bus: EventBus;
  settings: ServiceSettings;
  /** The broker-side name of a contract topic (Kafka platforms have topics of their own). */
  topic(name: string): string;
  /** `Authorization` header of a real staff user of this role (default admin), token cached. */
  staff(role?: StaffRole): Promise<Record<string, string>>;
  /** `X-API-Key` header of a real integration key with these scopes. */
  integration(scopes: ApiKeyScope[]): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export const TEST_TOKEN_SECRET = 'test-tracking-token-secret-0123456789';
export const TEST_JWT_SECRET = 'test-staff-jwt-secret-0123456789abcdef';

/**
 * All four services in this jest process on a real database: fast to start, real HTTP on a
 * free port, and on the in-process bus or the real Kafka broker.
 */
export async function startPlatform(options: {
  databaseUrl: string;
  bus?: 'in-process' | 'kafka';
  settings?: Partial<ServiceSettings>;
  rateLimits?: Partial<RateLimits>;
}): Promise<RunningPlatform> {
  const settings: ServiceSettings = {
    databaseUrl: options.databaseUrl,
    trackingTokenSecret: TEST_TOKEN_SECRET,
    publicBaseUrl: 'http://localhost:3000',
    outboxPollMs: 100,
    ...options.settings,
  };
  const namespace = `test-${randomUUID().slice(0, 8)}`;
  const bus: EventBus =
    options.bus === 'kafka'
      ? new KafkaBus({
          brokers: brokers(),
          clientId: 'platform-under-test',
          sessionTimeoutMs: 20_000,
          // Suites run in parallel on one broker: each platform gets topics and consumer groups
          // of its own, so it neither reads another suite's history nor steals its partitions.
          topicPrefix: `${namespace}.`,
          groupIdPrefix: `${namespace}.`,
        })
      : new InProcessBus();
  const root = platformModule({
    settings,
    bus,
    // Access control on, as in production: tests authenticate like any client would.
    access: { databaseUrl: options.databaseUrl, jwtSecret: TEST_JWT_SECRET, jwtTtlSeconds: 3_600, passwordCost: 10 },
    rateLimits: options.rateLimits,
    logLevel: process.env.LOG_LEVEL ?? 'warn',
  });
  const app = await createHostApp(root, { shutdownHooks: false, title: 'Waybill', hardening: { corsOrigins: [] } });
  await app.listen(0, '127.0.0.1');
  const tokens: Partial<Record<StaffRole, Promise<string>>> = {};
  const staff = async (role: StaffRole = 'admin') => {
    tokens[role] ??= issueStaffToken(app, role);
    return { authorization: `Bearer ${await tokens[role]}` };
  };
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  return {
    app,
    baseUrl,
    api: { baseUrl, credentials: await staff('admin') },
    as: async (role) => ({ baseUrl, credentials: await staff(role) }),
    bus,
    settings,
    topic: (name) => (bus instanceof KafkaBus ? bus.topicName(name) : name),
    staff,
    integration: async (scopes) => ({ 'x-api-key': await issueApiKey(app, scopes) }),
    close: () => app.close(),
  };
}
