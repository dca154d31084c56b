import { DynamicModule, INestApplication } from '@nestjs/common';
import { RateLimits } from '@waybill/access';
import { EventBus } from '@waybill/messaging';
import { createHostApp, hostModule } from '@waybill/service-host';
import { TEST_JWT_SECRET } from './platform';

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
    access: { databaseUrl: options.databaseUrl, jwtSecret: options.jwtSecret ?? TEST_JWT_SECRET, jwtTtlSeconds: 3_600, passwordCost: 10 },
    rateLimits: options.rateLimits,
  });
  const app = await createHostApp(root, { shutdownHooks: false, title: options.name, hardening: { corsOrigins: [] } });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}
