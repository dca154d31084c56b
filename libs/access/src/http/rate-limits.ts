import { DynamicModule, ExecutionContext, Module, SetMetadata } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';

/** Route classes with their own limit; a route without one is not limited (see README). */
export type RateLimitClass = 'login' | 'tracking' | 'scans';

export interface RateLimit {
  limit: number;
  ttlMs: number;
}

export type RateLimits = Record<RateLimitClass, RateLimit>;

/** Per client address (see TRUST_PROXY) and process. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  login: { limit: 10, ttlMs: 60_000 },
  tracking: { limit: 120, ttlMs: 60_000 },
  scans: { limit: 600, ttlMs: 60_000 },
};

const RATE_LIMIT_CLASS = 'waybill:rate-limit-class';
const reflector = new Reflector();

/** Puts a route under one of the limits of RateLimitModule. */
export const RateLimit = (rateClass: RateLimitClass) => SetMetadata(RATE_LIMIT_CLASS, rateClass);

function classOf(context: ExecutionContext): RateLimitClass | undefined {
  return reflector.getAllAndOverride<RateLimitClass>(RATE_LIMIT_CLASS, [context.getHandler(), context.getClass()]);
}

/**
 * @nestjs/throttler with one named throttler per route class, each skipping every route not of
 * its class, and its guard registered globally. Answers 429 with `Retry-After-<class>`.
 */
@Module({})
export class RateLimitModule {
  static forRoot(overrides: Partial<RateLimits> = {}): DynamicModule {
    const limits = { ...DEFAULT_RATE_LIMITS, ...overrides };
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: (Object.keys(limits) as RateLimitClass[]).map((name) => ({
            name,
            limit: limits[name].limit,
            ttl: limits[name].ttlMs,
            skipIf: (context: ExecutionContext) => context.getType() !== 'http' || classOf(context) !== name,
          })),
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}
