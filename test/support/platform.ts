import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { EventBus, InProcessBus, KafkaBus } from '@waybill/messaging';
import { createHttpApp, ServiceSettings } from '@waybill/service-kit';
import { platformModule } from '@waybill/standalone';
import { brokers } from './kafka';

export interface RunningPlatform {
  app: INestApplication;
  baseUrl: string;
  bus: EventBus;
  settings: ServiceSettings;
  /** The broker-side name of a contract topic (Kafka platforms have topics of their own). */
  topic(name: string): string;
  close(): Promise<void>;
}

export const TEST_TOKEN_SECRET = 'test-tracking-token-secret-0123456789';

/**
 * All four services in this jest process on a real database: fast to start, real HTTP on a
 * free port, and on the in-process bus or the real Kafka broker.
 */
export async function startPlatform(options: {
  databaseUrl: string;
  bus?: 'in-process' | 'kafka';
  settings?: Partial<ServiceSettings>;
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
  const app = await createHttpApp(platformModule(settings, bus, process.env.LOG_LEVEL ?? 'warn'), {
    shutdownHooks: false,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    bus,
    settings,
    topic: (name) => (bus instanceof KafkaBus ? bus.topicName(name) : name),
    close: () => app.close(),
  };
}
