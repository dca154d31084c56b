import type { Server } from 'node:http';
import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { HttpErrorFilter } from './http-error.filter';
import { refuseNulInJsonBody, refuseNulInUrl } from './nul-characters';
import { setUpOpenApi } from './openapi';

export const API_PREFIX = 'api/v1';

/** Creates a Nest HTTP app the Waybill way: /api/v1 prefix, JSON errors, pino logs, clean shutdown. */
export async function createHttpApp(
  rootModule: Type | object,
  options: { shutdownHooks?: boolean; title?: string } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule as Type, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: '5mb', verify: refuseNulInJsonBody });
  app.use(refuseNulInUrl);
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalFilters(new HttpErrorFilter());
  // Node closes an idle keep-alive connection after 5 s; a client that sends on it just then
  // gets a reset instead of an answer. Idle connections outlive the common load balancers'
  // 60 s and clients' pauses instead (headersTimeout must exceed keepAliveTimeout).
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  setUpOpenApi(app, options.title ?? 'Waybill');
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
  return app;
}
