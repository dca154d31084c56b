import { INestApplication } from '@nestjs/common';
import { ApiKeyScope, issueApiKey, issueStaffToken, RateLimits, StaffRole } from '@waybill/access';
import { EventBus } from '@waybill/messaging';
import { ServiceSettings } from '@waybill/service-kit';
import { platformModule } from '@waybill/standalone';
import { listenOnFreePort, testAccessSettings, testBus } from './hosted-service';
import { ApiTarget } from './http';

export interface RunningPlatform {
  app: INestApplication;
  baseUrl: string;
  /** The platform as its admin calls it (see `call` in ./http); `staff(role)` for another role. */
  api: ApiTarget;
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
export { TEST_JWT_SECRET } from './hosted-service';

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
  const { bus, topic } = testBus(options.bus, 'platform-under-test');
  const root = platformModule({
    settings,
    bus,
    // Access control on, as in production: tests authenticate like any client would.
    access: testAccessSettings(options.databaseUrl),
    rateLimits: options.rateLimits,
    logLevel: process.env.LOG_LEVEL ?? 'warn',
  });
  const { app, baseUrl } = await listenOnFreePort(root, 'Waybill');
  const tokens: Partial<Record<StaffRole, Promise<string>>> = {};
  const staff = async (role: StaffRole = 'admin') => {
    tokens[role] ??= issueStaffToken(app, role);
    return { authorization: `Bearer ${await tokens[role]}` };
  };
  return {
    app,
    baseUrl,
    api: { baseUrl, credentials: await staff('admin') },
    bus,
    settings,
    topic,
    staff,
    integration: async (scopes) => ({ 'x-api-key': await issueApiKey(app, scopes) }),
    close: () => app.close(),
  };
}
