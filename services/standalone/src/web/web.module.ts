import * as path from 'node:path';
import { Logger, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ensureWebBuild, type WebBuild } from './web-build';

/** The pages the web app routes itself; each is the same index.html. */
export const WEB_PAGES = ['/', '/board', '/reports', '/t/:trackingNumber'];

/**
 * No inline script, same-origin API and Socket.IO. Styles may be inline (React and Chart.js
 * position elements with style attributes).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the web app (services/web) next to the API: `/` the dispatcher board, `/t/:number`
 * the customer's tracking page, `/reports` the ops report. The app is built with vite when its
 * build is missing or stale: in the background as the platform starts (a warm start only
 * hashes the sources), or on the first page request under test.
 */
@Module({})
export class WebModule implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('web');
  private build: Promise<WebBuild> | null = null;
  private assets: { dir: string; handler: RequestHandler } | null = null;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Resolves with the build to serve; a failed build is retried on the next request. */
  ready(): Promise<WebBuild> {
    this.build ??= ensureWebBuild().then(
      (build) => {
        this.logger.log(build.built ? `web app built in ${build.ms} ms` : `web app found in ${build.ms} ms`);
        return build;
      },
      (error: Error) => {
        this.build = null;
        this.logger.error(`web app could not be built: ${error.message}`);
        throw error;
      },
    );
    return this.build;
  }

  // Routes go straight on Express, outside the /api/v1 prefix, before Nest's 404 handler
  // (Nest adds that after the modules' onModuleInit).
  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    const router = express.Router();
    router.get(WEB_PAGES, (_request, response, next) => void this.page(response, next));
    router.use('/assets', (request, response, next) => void this.asset(request, response, next));
    app.use(router);
  }

  onApplicationBootstrap(): void {
    // Tests that never open a page should not pay for a build.
    if (process.env.NODE_ENV !== 'test') this.ready().catch(() => undefined);
  }

  private async page(response: Response, next: NextFunction): Promise<void> {
    let build: WebBuild;
    try {
      build = await this.ready();
    } catch {
      response.status(503).type('text/plain').send('The web app could not be built; see the server log. The API still works under /api/v1.');
      return;
    }
    response.set({
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      // The tracking page's URL holds the customer's token: never send it on as a referrer.
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
    response.sendFile(path.join(build.dir, 'index.html'), (error) => error && next(error));
  }

  private async asset(request: Request, response: Response, next: NextFunction): Promise<void> {
    let build: WebBuild;
    try {
      build = await this.ready();
    } catch {
      response.status(503).end();
      return;
    }
    if (this.assets?.dir !== build.dir) {
      // File names carry a content hash: cache them for good.
      const handler = express.static(path.join(build.dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false });
      this.assets = { dir: build.dir, handler };
    }
    response.set('X-Content-Type-Options', 'nosniff');
    this.assets.handler(request, response, (error?: unknown) => {
      if (error) {
        response.status((error as { status?: number }).status ?? 404).end();
        return;
      }
      next();
    });
  }
}
