import { INestApplication } from '@nestjs/common';
import type { Express } from 'express';
import helmet from 'helmet';
import { HttpHardeningConfig } from '../config/access-config';

/** Express `trust proxy` from its text form: `true`, a hop count, or addresses/subnets. */
export function parseTrustProxy(value: string | undefined): boolean | number | string | undefined {
  if (value === undefined || value === '' || value === 'false') return undefined;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/**
 * Security headers (helmet, with the same content policy as the web pages), CORS only for the
 * configured origins, and the proxy setting the per-address limits rely on. Call it on the app
 * before `listen`. Body size limits stay where createHttpApp sets the body parser (5 MB JSON).
 */
export function applyHttpHardening(app: INestApplication, config: HttpHardeningConfig): void {
  const express = app.getHttpAdapter().getInstance() as Express;
  const trustProxy = parseTrustProxy(config.trustProxy);
  if (trustProxy !== undefined) express.set('trust proxy', trustProxy);
  express.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: true },
    }),
  );
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-API-Key', 'Idempotency-Key'],
      exposedHeaders: ['Retry-After'],
      maxAge: 600,
    });
  }
}
