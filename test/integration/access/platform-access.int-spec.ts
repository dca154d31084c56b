import { io, Socket } from 'socket.io-client';
import { gatewaysWithoutPolicy, listGateways, listRoutes, routesWithoutPolicy } from '@waybill/access';
import { SocketNamespaces } from '@waybill/contracts';
import { eventually } from '../../support/eventually';
import { call } from '../../support/http';
import { callersOf, DOORS, doorOf, doorsThatDisagree } from '../../support/access-matrix';
import { RunningPlatform, startPlatform } from '../../support/platform';
import { createDatabase } from '../../support/postgres';
import { aShipmentRequest } from '../../support/shipments';

jest.setTimeout(120_000);

describe.each(['in-process', 'kafka'] as const)('access control on the whole platform (%s bus, real PostgreSQL)', (bus) => {
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;

  beforeAll(async () => {
    database = await createDatabase(`platform_access_${bus.replace('-', '_')}`);
    platform = await startPlatform({ databaseUrl: database.url, bus });
  });

  afterAll(async () => {
    await platform?.close();
    await database?.drop();
  });

  it('has a declared policy on every route and every Socket.IO namespace', () => {
    expect(routesWithoutPolicy(platform.app).map(doorOf)).toEqual([]);
    expect(gatewaysWithoutPolicy(platform.app)).toEqual([]);
    expect(listGateways(platform.app).map((g) => `${g.namespace} ${JSON.stringify(g.policy)}`).sort()).toEqual([
      `${SocketNamespaces.board} ${JSON.stringify(['admin', 'dispatcher', 'ops'])}`,
      `${SocketNamespaces.tracking} "customer"`,
    ]);
  });

  it('knows every route the platform serves: none is missing from the table, none is extra', () => {
    const served = listRoutes(platform.app)
      .filter((route) => !route.openPath)
      .map(doorOf)
      .sort();
    expect(served).toEqual(Object.keys(DOORS).sort());
  });

  it('answers every route as the table says, for anonymous, each role, each key and a customer', async () => {
    const shipment = (await call(platform.api, 'POST', '/shipments', { body: aShipmentRequest() })).body;
    const callers = await callersOf({
      staff: (role) => platform.staff(role),
      key: (scope) => platform.integration([scope]),
      trackingToken: shipment.trackingToken,
    });
    const routes = listRoutes(platform.app).filter((r) => !r.openPath);
    const wrong = await doorsThatDisagree(routes, callers, () => platform.baseUrl);
    expect(wrong).toEqual([]);
  });

  it('shows a customer their parcel with its token, and only that parcel', async () => {
    const mine = (await call(platform.api, 'POST', '/shipments', { body: aShipmentRequest() })).body;
    const theirs = (await call(platform.api, 'POST', '/shipments', { body: aShipmentRequest() })).body;
    const withMyToken = (number: string) => call(platform.baseUrl, 'GET', `/tracking/${number}?token=${encodeURIComponent(mine.trackingToken)}`);
    // Tracking learns of the parcel from shipment.created: on Kafka that takes a moment.
    await eventually(async () => expect((await withMyToken(mine.trackingNumber)).status).toBe(200));
    const other = await withMyToken(theirs.trackingNumber);
    const unknown = await withMyToken('WB0000000000000000');
    expect(other.status).toBe(404);
    expect(other.body).toEqual(unknown.body);
  });

  it('lets staff onto /board and nobody else; a customer token opens one parcel on /tracking', async () => {
    const board = (auth: Record<string, string>) => handshake(`${platform.baseUrl}${SocketNamespaces.board}`, auth);
    expect(await board({})).toBe('unauthorized');
    expect(await board({ token: 'not-a-jwt' })).toBe('unauthorized');
    for (const role of ['admin', 'dispatcher', 'ops'] as const) {
      const token = (await platform.staff(role)).authorization.replace('Bearer ', '');
      expect(await board({ token })).toBe('connected');
    }
    const key = (await platform.integration(['scans:write']))['x-api-key'];
    expect(await board({ token: key })).toBe('unauthorized');

    const mine = (await call(platform.api, 'POST', '/shipments', { body: aShipmentRequest() })).body;
    const theirs = (await call(platform.api, 'POST', '/shipments', { body: aShipmentRequest() })).body;
    const socket = io(`${platform.baseUrl}${SocketNamespaces.tracking}`, { transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const subscribe = (trackingNumber: string) =>
        new Promise<{ ok: boolean; error?: string }>((resolve) =>
          socket.emit('tracking.subscribe', { trackingNumber, token: mine.trackingToken }, resolve),
        );
      expect((await subscribe(mine.trackingNumber)).ok).toBe(true);
      expect(await subscribe(theirs.trackingNumber)).toEqual({ ok: false, error: 'unknown tracking number or token' });
    } finally {
      socket.close();
    }
  });
});

/** How a Socket.IO handshake ends: 'connected', or the server's connect_error message. */
function handshake(url: string, auth: Record<string, string>): Promise<string> {
  const socket: Socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(error.message));
  }).finally(() => socket.close());
}

describe('webhook targets when private addresses are not allowed (as in production)', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;

  beforeAll(async () => {
    database = await createDatabase('platform_webhook_targets');
    process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = 'false';
    try {
      platform = await startPlatform({ databaseUrl: database.url });
    } finally {
      delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
    }
  });

  afterAll(async () => {
    await platform?.close();
    await database?.drop();
  });

  it.each([
    ['loopback', 'http://127.0.0.1:8080/hooks'],
    ['a private network', 'http://10.1.2.3/hooks'],
    ['link-local (cloud metadata)', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'http://[::1]/hooks'],
    ['a name resolving to loopback', 'http://localhost:3000/hooks'],
  ])('refuses a subscription to %s with 400 on the url field, and stores nothing', async (_what, url) => {
    const answer = await call(platform.api, 'POST', '/webhooks/subscriptions', { body: { url, eventTypes: ['sla.breached'] } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'url', reason: expect.stringMatching(/not a public address|resolves to/) }]);
    const listed = await call(platform.api, 'GET', '/webhooks/subscriptions');
    expect(listed.body.map((s: { url: string }) => s.url)).not.toContain(url);
  });
});

describe('the hardened edge of the whole platform (in-process bus, real PostgreSQL)', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;

  beforeAll(async () => {
    database = await createDatabase('platform_edge');
    // Small limits, so the test reaches them; production defaults are in libs/access README.
    platform = await startPlatform({
      databaseUrl: database.url,
      rateLimits: { tracking: { limit: 3, ttlMs: 60_000 }, scans: { limit: 2, ttlMs: 60_000 } },
    });
  });

  afterAll(async () => {
    await platform?.close();
    await database?.drop();
  });

  it('limits tracking look-ups and scan posts per client address with 429 and Retry-After', async () => {
    const lookups = [];
    for (let i = 0; i < 4; i++) lookups.push(await call(platform.baseUrl, 'GET', '/tracking/WB0000000000000000?token=guess'));
    expect(lookups.map((answer) => answer.status)).toEqual([404, 404, 404, 429]);
    expect(lookups[3].headers.get('retry-after-tracking')).toMatch(/^\d+$/);

    const carrier = { baseUrl: platform.baseUrl, credentials: await platform.integration(['scans:write']) };
    const posts = [];
    for (let i = 0; i < 3; i++) posts.push(await call(carrier, 'POST', '/scans', { body: [] }));
    expect(posts.map((answer) => answer.status === 429)).toEqual([false, false, true]);
    // Staff routes have no per-address limit here: they are behind a login.
    const staff = await call(platform.api, 'GET', '/shipments');
    expect(staff.status).toBe(200);
  });

  it('answers with security headers, without X-Powered-By, and never with a stack trace', async () => {
    const answer = await call(platform.api, 'GET', '/shipments/not-a-uuid');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-powered-by')).toBeNull();
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(JSON.stringify(answer.body)).not.toMatch(/at .+\.(ts|js):\d+/);
    // No CORS for an origin nobody configured.
    const cross = await fetch(`${platform.baseUrl}/api/v1/shipments`, { headers: { ...platform.api.credentials, origin: 'https://evil.example' } });
    expect(cross.headers.get('access-control-allow-origin')).toBeNull();
  });
});
