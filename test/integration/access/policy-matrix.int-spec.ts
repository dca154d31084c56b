import { trackingTokenFor } from '@waybill/service-kit';
import { createDatabase } from '../../support/postgres';
import { issueApiKey, listGateways, listRoutes, routesWithoutPolicy, StaffUsersService } from '../../../libs/access/src';
import { AccessApp, call, login, startAccessApp, TRACKING_SECRET } from './access-test-app';

jest.setTimeout(60_000);

type Caller = 'anonymous' | 'admin' | 'dispatcher' | 'ops' | 'shipments key' | 'scans key' | 'customer';
const CALLERS: Caller[] = ['anonymous', 'admin', 'dispatcher', 'ops', 'shipments key', 'scans key', 'customer'];

const PARCEL = 'WB0123456789ABCDEFGH';

/** Each route against each caller: the status every one of them must get. */
const MATRIX: Array<{ method: string; path: string; expected: Record<Caller, number> }> = [
  {
    method: 'GET',
    path: '/api/v1/samples/public',
    expected: { anonymous: 200, admin: 200, dispatcher: 200, ops: 200, 'shipments key': 200, 'scans key': 200, customer: 200 },
  },
  {
    // Only the token opens a parcel; everyone else gets the same 404 as for an unknown number.
    method: 'GET',
    path: `/api/v1/samples/parcels/${PARCEL}`,
    expected: { anonymous: 404, admin: 404, dispatcher: 404, ops: 404, 'shipments key': 404, 'scans key': 404, customer: 200 },
  },
  {
    method: 'GET',
    path: '/api/v1/samples/board',
    expected: { anonymous: 401, admin: 200, dispatcher: 200, ops: 200, 'shipments key': 403, 'scans key': 403, customer: 401 },
  },
  {
    method: 'GET',
    path: '/api/v1/samples/reports',
    expected: { anonymous: 401, admin: 200, dispatcher: 403, ops: 200, 'shipments key': 403, 'scans key': 403, customer: 401 },
  },
  {
    method: 'POST',
    path: '/api/v1/samples/shipments',
    expected: { anonymous: 401, admin: 201, dispatcher: 201, ops: 403, 'shipments key': 201, 'scans key': 403, customer: 401 },
  },
  {
    method: 'POST',
    path: '/api/v1/samples/scans',
    expected: { anonymous: 401, admin: 200, dispatcher: 403, ops: 200, 'shipments key': 403, 'scans key': 200, customer: 401 },
  },
  {
    method: 'GET',
    path: '/api/v1/samples/forgotten',
    expected: { anonymous: 403, admin: 403, dispatcher: 403, ops: 403, 'shipments key': 403, 'scans key': 403, customer: 403 },
  },
  {
    method: 'POST',
    path: '/api/v1/admin/users',
    expected: { anonymous: 401, admin: 400, dispatcher: 403, ops: 403, 'shipments key': 403, 'scans key': 403, customer: 401 },
  },
  {
    method: 'GET',
    path: '/api/v1/admin/api-keys',
    expected: { anonymous: 401, admin: 200, dispatcher: 403, ops: 403, 'shipments key': 403, 'scans key': 403, customer: 401 },
  },
  {
    method: 'GET',
    path: '/api/v1/auth/me',
    expected: { anonymous: 401, admin: 200, dispatcher: 200, ops: 200, 'shipments key': 403, 'scans key': 403, customer: 401 },
  },
];

describe('access: who may use which route', () => {
  let database: { url: string; drop(): Promise<void> };
  let access: AccessApp;
  const credentials: Partial<Record<Caller, { token?: string; apiKey?: string }>> = {};

  beforeAll(async () => {
    database = await createDatabase('access_matrix');
    access = await startAccessApp({
      databaseUrl: database.url,
      corsOrigins: ['https://ops.example.com'],
      withUndeclaredGateway: true,
    });
    const users = access.app.get(StaffUsersService);
    for (const role of ['admin', 'dispatcher', 'ops'] as const) {
      await users.create({ email: `${role}@matrix.example`, password: `${role}-matrix-password`, role });
      credentials[role] = { token: (await login(access.baseUrl, `${role}@matrix.example`, `${role}-matrix-password`)).body.accessToken };
    }
    credentials['shipments key'] = { apiKey: await issueApiKey(access.app, ['shipments:write'], 'merchant') };
    credentials['scans key'] = { apiKey: await issueApiKey(access.app, ['scans:write'], 'carrier') };
  });

  afterAll(async () => {
    await access?.close();
    await database?.drop();
  });

  function pathFor(caller: Caller, path: string): string {
    // The customer holds the tracking link's token; nobody else does.
    return caller === 'customer' && path.includes('/parcels/') ? `${path}?token=${trackingTokenFor(PARCEL, TRACKING_SECRET)}` : path;
  }

  describe.each(MATRIX)('$method $path', ({ method, path, expected }) => {
    it.each(CALLERS)('answers %s as expected', async (caller) => {
      const body = method === 'POST' ? {} : undefined;
      const answer = await call(access.baseUrl, method, pathFor(caller, path), { ...credentials[caller], body });
      expect({ caller, status: answer.status }).toEqual({ caller, status: expected[caller] });
      if (answer.status === 401) expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });
  });

  it('gives a customer with a wrong token or an unknown number the same 404', async () => {
    const wrongToken = await call(access.baseUrl, 'GET', `/api/v1/samples/parcels/${PARCEL}?token=${'A'.repeat(32)}`);
    const unknown = await call(
      access.baseUrl,
      'GET',
      `/api/v1/samples/parcels/WBZZZZZZZZZZZZZZZZ?token=${trackingTokenFor(PARCEL, TRACKING_SECRET)}`,
    );
    expect(wrongToken.status).toBe(404);
    expect(unknown.body).toEqual(wrongToken.body);
  });

  it('does not let an expired or garbage credential into an open route… nor keep it out', async () => {
    const answer = await call(access.baseUrl, 'GET', '/api/v1/samples/public', { token: 'garbage' });
    expect(answer.status).toBe(200);
    expect((await call(access.baseUrl, 'GET', '/api/v1/samples/board', { token: 'garbage' })).status).toBe(401);
    expect((await call(access.baseUrl, 'GET', '/api/v1/samples/board', { headers: { authorization: 'Basic YTpi' } })).status).toBe(401);
  });

  it('serves the probes, the metrics and the API documents without credentials', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics', '/api/docs-json', '/api/v1/asyncapi.json']) {
      expect({ path, status: (await call(access.baseUrl, 'GET', path)).status }).toEqual({ path, status: 200 });
    }
  });

  describe('the route audit', () => {
    it('finds the one route that declares no policy, and nothing else', () => {
      expect(routesWithoutPolicy(access.app)).toEqual([
        expect.objectContaining({ method: 'GET', path: '/api/v1/samples/forgotten', controller: 'SamplesController', handler: 'forgotten' }),
      ]);
    });

    it('lists every registered route with its full path and policy, the open paths marked', () => {
      const routes = listRoutes(access.app);
      const byRoute = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r]));
      expect(byRoute['POST /api/v1/auth/login'].policy).toBe('public');
      expect(byRoute['GET /api/v1/samples/board'].policy).toEqual(['admin', 'dispatcher', 'ops']);
      expect(byRoute['DELETE /api/v1/admin/api-keys/:id'].policy).toEqual(['admin']);
      expect(byRoute['POST /api/v1/samples/scans'].policy).toEqual({ roles: ['admin', 'ops'], scopes: ['scans:write'] });
      for (const open of ['GET /health/live', 'GET /health/ready', 'GET /metrics', 'GET /api/v1/asyncapi.json']) {
        expect(byRoute[open]).toMatchObject({ policy: undefined, openPath: true });
      }
      expect(Object.keys(byRoute).sort()).toEqual([
        'DELETE /api/v1/admin/api-keys/:id',
        'GET /api/v1/admin/api-keys',
        'GET /api/v1/admin/users',
        'GET /api/v1/asyncapi.json',
        'GET /api/v1/auth/me',
        'GET /api/v1/samples/board',
        'GET /api/v1/samples/forgotten',
        'GET /api/v1/samples/parcels/:trackingNumber',
        'GET /api/v1/samples/public',
        'GET /api/v1/samples/reports',
        'GET /health/live',
        'GET /health/ready',
        'GET /metrics',
        'POST /api/v1/admin/api-keys',
        'POST /api/v1/admin/users',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/renew',
        'POST /api/v1/samples/scans',
        'POST /api/v1/samples/shipments',
      ]);
    });

    it('lists the Socket.IO gateways with their policies, and the one without', () => {
      expect(listGateways(access.app).sort((a, b) => a.namespace.localeCompare(b.namespace))).toEqual([
        { namespace: '/parcel-feed', gateway: 'ParcelFeedGateway', policy: 'customer' },
        { namespace: '/staff-feed', gateway: 'StaffFeedGateway', policy: ['admin', 'dispatcher', 'ops'] },
        { namespace: '/undeclared', gateway: 'UndeclaredGateway', policy: undefined },
      ]);
    });
  });

  describe('hardened edges', () => {
    it('sends security headers and no framework banner', async () => {
      const answer = await call(access.baseUrl, 'GET', '/api/v1/samples/public');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(answer.headers.get('x-powered-by')).toBeNull();
    });

    it('allows cross-origin calls from the configured origins only', async () => {
      const allowed = await call(access.baseUrl, 'GET', '/api/v1/samples/public', { headers: { origin: 'https://ops.example.com' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ops.example.com');
      const other = await call(access.baseUrl, 'GET', '/api/v1/samples/public', { headers: { origin: 'https://evil.example.net' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();

      const preflight = await call(access.baseUrl, 'OPTIONS', '/api/v1/samples/scans', {
        headers: {
          origin: 'https://ops.example.com',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
    });

    it('answers a broken body with a 400 and no stack trace', async () => {
      const broken = await fetch(`${access.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email": "a", "password": ',
      });
      expect(broken.status).toBe(400);
      const text = await broken.text();
      expect(JSON.parse(text).errors).toEqual([{ field: 'body', reason: expect.stringContaining('JSON') }]);
      expect(text).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
    });
  });
});
