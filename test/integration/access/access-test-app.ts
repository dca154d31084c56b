import { Controller, Get, HttpCode, INestApplication, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { BusModule, InProcessBus } from '@waybill/messaging';
import {
  AsyncApiModule,
  HealthModule,
  isValidTrackingToken,
  loggingModule,
  MetricsModule,
} from '@waybill/service-kit';
import {
  Access,
  AccessModule,
  CurrentPrincipal,
  customerSocketGuard,
  LockoutRules,
  mayFollowParcel,
  Principal,
  RateLimit,
  RateLimitModule,
  RateLimits,
  StaffPrincipal,
  StaffTokens,
  staffSocketGuard,
} from '../../../libs/access/src';
import { listenOnFreePort } from '../../support/hosted-service';

export const JWT_SECRET = 'access-suite-jwt-secret-0123456789abcdef';
export const TRACKING_SECRET = 'access-suite-tracking-secret-0123456789';

/** A few routes standing for the platform's kinds of door, each with its policy. */
@Controller('samples')
class SamplesController {
  @Get('public')
  @Access('public')
  publicInfo() {
    return { open: true };
  }

  @Get('parcels/:trackingNumber')
  @Access('customer')
  parcel(@Param('trackingNumber') trackingNumber: string, @Query('token') token: unknown) {
    if (!isValidTrackingToken(trackingNumber, token, TRACKING_SECRET)) {
      throw new NotFoundException({ statusCode: 404, message: 'tracking number not found' });
    }
    return { trackingNumber };
  }

  @Get('board')
  @Access(['admin', 'dispatcher', 'ops'])
  board(@CurrentPrincipal() principal: Principal) {
    return { viewer: (principal as StaffPrincipal).role };
  }

  @Get('reports')
  @Access(['admin', 'ops'])
  reports() {
    return { breaches: [] };
  }

  @Post('shipments')
  @HttpCode(201)
  @Access({ roles: ['admin', 'dispatcher'], scopes: ['shipments:write'] })
  createShipment(@CurrentPrincipal() principal: Principal) {
    return { createdBy: principal.kind };
  }

  @Post('scans')
  @HttpCode(200)
  @Access({ roles: ['admin', 'ops'], scopes: ['scans:write'] })
  @RateLimit('scans')
  scans(@CurrentPrincipal() principal: Principal) {
    return { acceptedFrom: principal.kind };
  }

  /** Someone forgot the decorator: the guard must keep it shut. */
  @Get('forgotten')
  forgotten() {
    return { secret: 'should never be served' };
  }
}

@Access(['admin', 'dispatcher', 'ops'])
@WebSocketGateway({ namespace: '/staff-feed' })
class StaffFeedGateway implements OnGatewayInit {
  constructor(private readonly tokens: StaffTokens) {}

  afterInit(namespace: Namespace): void {
    namespace.use(staffSocketGuard(this.tokens, ['admin', 'dispatcher', 'ops']));
  }

  @SubscribeMessage('whoami')
  whoami(@ConnectedSocket() socket: Socket) {
    return (socket.data.principal as StaffPrincipal).email;
  }
}

@Access('customer')
@WebSocketGateway({ namespace: '/parcel-feed' })
class ParcelFeedGateway implements OnGatewayInit {
  afterInit(namespace: Namespace): void {
    namespace.use(customerSocketGuard(TRACKING_SECRET));
  }

  @SubscribeMessage('follow')
  follow(@ConnectedSocket() socket: Socket, @MessageBody() trackingNumber: string) {
    return { joined: mayFollowParcel(socket, trackingNumber) };
  }
}

/** Undecorated on purpose, for the audit to find. */
@WebSocketGateway({ namespace: '/undeclared' })
class UndeclaredGateway {}

export interface AccessApp {
  app: INestApplication;
  baseUrl: string;
  tokens: StaffTokens;
  close(): Promise<void>;
}

/** The access library in a real Nest HTTP app on a real database, hardened as a host would. */
export async function startAccessApp(options: {
  databaseUrl: string;
  lockout?: Partial<LockoutRules>;
  sessionMaxSeconds?: number;
  rateLimits?: Partial<RateLimits>;
  corsOrigins?: string[];
  withUndeclaredGateway?: boolean;
}): Promise<AccessApp> {
  const root = {
    module: class AccessTestApp {},
    imports: [
      loggingModule(process.env.LOG_LEVEL ?? 'warn', 'access-test'),
      BusModule.forBus(new InProcessBus()),
      AccessModule.register({
        databaseUrl: options.databaseUrl,
        jwtSecret: JWT_SECRET,
        jwtTtlSeconds: 900,
        passwordCost: 10,
        lockout: options.lockout,
        sessionMaxSeconds: options.sessionMaxSeconds,
      }),
      RateLimitModule.forRoot(options.rateLimits),
      MetricsModule,
      AsyncApiModule,
      HealthModule.forConnections(['access']),
    ],
    controllers: [SamplesController],
    providers: [StaffFeedGateway, ParcelFeedGateway, ...(options.withUndeclaredGateway ? [UndeclaredGateway] : [])],
  };
  // Loopback is the proxy here: tests speak for several clients through X-Forwarded-For.
  const { app, baseUrl } = await listenOnFreePort(root, 'access test', { corsOrigins: options.corsOrigins ?? [], trustProxy: 'loopback' });
  return { app, baseUrl, tokens: app.get(StaffTokens), close: () => app.close() };
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** Real HTTP, as a client would send it. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; apiKey?: string; body?: unknown; from?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  if (options.from) headers['x-forwarded-for'] = options.from;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, headers: response.headers };
}

export async function login(baseUrl: string, email: string, password: string, from = '203.0.113.250'): Promise<Answer> {
  return call(baseUrl, 'POST', '/api/v1/auth/login', { body: { email, password }, from });
}
