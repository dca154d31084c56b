import { randomUUID } from 'node:crypto';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { AccessSettings, HttpHardeningConfig, RateLimits } from '@waybill/access';
import { EventBus, InProcessBus, KafkaBus } from '@waybill/messaging';
import { createHostApp, hostModule } from '@waybill/service-host';
import { brokers } from './kafka';

/** The JWT key of every in-process host the suites start. */
export const TEST_JWT_SECRET = 'test-staff-jwt-secret-0123456789abcdef';

/** Access control as the suites run it: on, with a cheap (but real) bcrypt cost. */
export function testAccessSettings(databaseUrl: string, jwtSecret = TEST_JWT_SECRET): AccessSettings {
  return { databaseUrl, jwtSecret, jwtTtlSeconds: 3_600, passwordCost: 10 };
}

/**
 * The bus a suite runs on. On Kafka, each host gets topics and consumer groups of its own:
 * suites run in parallel on one broker, and must neither read another's history nor steal its
 * partitions. `topic(name)` is the broker-side name of a contract topic.
 */
export function testBus(kind: 'in-process' | 'kafka' = 'in-process', clientId = 'host-under-test'): { bus: EventBus; topic(name: string): string } {
  if (kind === 'in-process') return { bus: new InProcessBus(), topic: (name) => name };
  const bus = new KafkaBus({ brokers: brokers(), clientId, sessionTimeoutMs: 20_000, namespace: `test-${randomUUID().slice(0, 8)}` });
  return { bus, topic: (name) => bus.topicName(name) };
}

/** A host's root module on real HTTP at a free local port, hardened as production hosts are. */
export async function listenOnFreePort(
  root: DynamicModule,
  title: string,
  hardening: HttpHardeningConfig = { corsOrigins: [] },
): Promise<{ app: INestApplication; baseUrl: string }> {
  const app = await createHostApp(root, { shutdownHooks: false, title, hardening });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

/**
 * One or more service modules hosted in this process exactly as runDistributedService hosts them
 * (hostModule: access guard, rate limits, health, metrics), on real HTTP at a free port.
 */
export async function startHostedService(options: {
  name: string;
  databaseUrl: string;
  bus: EventBus;
  services: DynamicModule[];
  connections: string[];
  rateLimits?: Partial<RateLimits>;
  jwtSecret?: string;
}): Promise<{ app: INestApplication; baseUrl: string }> {
  const root = hostModule({
    name: options.name,
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    bus: options.bus,
    services: options.services,
    connections: options.connections,
    access: testAccessSettings(options.databaseUrl, options.jwtSecret),
    rateLimits: options.rateLimits,
  });
  return listenOnFreePort(root, options.name);
}
