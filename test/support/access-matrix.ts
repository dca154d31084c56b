import { randomUUID } from 'node:crypto';
import { call } from './http';

export type Caller = 'anonymous' | 'admin' | 'dispatcher' | 'ops' | 'shipments key' | 'scans key' | 'customer';
export const CALLERS: Caller[] = ['anonymous', 'admin', 'dispatcher', 'ops', 'shipments key', 'scans key', 'customer'];

const EVERYONE: Caller[] = CALLERS;
const STAFF: Caller[] = ['admin', 'dispatcher', 'ops'];
const SHIPMENT_WRITERS: Caller[] = ['admin', 'dispatcher', 'shipments key'];
const OPS: Caller[] = ['admin', 'ops'];
const ADMIN: Caller[] = ['admin'];

/**
 * Who may use each door of the whole platform, written out by hand: the route's @Access policy
 * must agree with this table, and every route served must be in it (checked on the standalone
 * platform and on each distributed process). A new route fails those tests until someone
 * decides, here too, who may call it. (The role table in README.md and
 * libs/access/README.md says the same in prose.)
 */
export const DOORS: Record<string, Caller[]> = {
  'POST /api/v1/auth/login': EVERYONE,
  'GET /api/v1/auth/me': STAFF,
  'POST /api/v1/auth/renew': STAFF,
  'GET /api/v1/admin/users': ADMIN,
  'POST /api/v1/admin/users': ADMIN,
  'GET /api/v1/admin/api-keys': ADMIN,
  'POST /api/v1/admin/api-keys': ADMIN,
  'DELETE /api/v1/admin/api-keys/:id': ADMIN,

  'GET /api/v1/sla/policies': STAFF,
  'POST /api/v1/shipments': SHIPMENT_WRITERS,
  'POST /api/v1/shipments/batch': SHIPMENT_WRITERS,
  'POST /api/v1/shipments/import': SHIPMENT_WRITERS,
  'GET /api/v1/shipments': STAFF,
  'GET /api/v1/shipments/:id': STAFF,
  'PATCH /api/v1/shipments/:id': SHIPMENT_WRITERS,
  'POST /api/v1/shipments/:id/cancel': SHIPMENT_WRITERS,

  'POST /api/v1/scans': ['admin', 'ops', 'scans key'],
  'GET /api/v1/shipments/:id/timeline': STAFF,
  // Correcting a final status is a staff decision, recorded with who made it.
  'POST /api/v1/shipments/:id/status-corrections': ['admin', 'dispatcher'],
  // Customers hold no login: the handler checks the tracking token (same 404 for a wrong one).
  'GET /api/v1/tracking/:trackingNumber': EVERYONE,

  'GET /api/v1/sla/breaches': OPS,
  'GET /api/v1/sla/summary': OPS,

  'GET /api/v1/notifications': STAFF,
  'GET /api/v1/notifications/opt-out': EVERYONE,
  'POST /api/v1/notifications/opt-out': EVERYONE,
  'GET /api/v1/notifications/preferences': EVERYONE,
  'PUT /api/v1/notifications/preferences': EVERYONE,
  'POST /api/v1/webhooks/subscriptions': OPS,
  'GET /api/v1/webhooks/subscriptions': OPS,
  'GET /api/v1/webhooks/subscriptions/:id': OPS,
  'DELETE /api/v1/webhooks/subscriptions/:id': OPS,
  'POST /api/v1/webhooks/subscriptions/:id/enable': OPS,
  'GET /api/v1/webhooks/subscriptions/:id/deliveries': OPS,
};

/** A route as `METHOD /path/:param`, the key of DOORS. */
export const doorOf = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

/** A concrete URL for a route pattern: parameters get values that exist nowhere. */
function concretePath(path: string): string {
  return path.replace(':trackingNumber', 'WB0000000000000000').replace(/:id\b/g, randomUUID());
}

/** How each kind of caller presents itself: headers, and a customer's tracking-link query. */
export type Callers = Record<Caller, { headers: Record<string, string>; query: string }>;

/**
 * Every caller of the matrix, from a deployment's way of making staff credentials and keys,
 * and one real parcel's tracking token (a customer has that link and nothing else).
 */
export async function callersOf(make: {
  staff(role: 'admin' | 'dispatcher' | 'ops'): Promise<Record<string, string>>;
  key(scope: 'shipments:write' | 'scans:write'): Promise<Record<string, string>>;
  trackingToken: string;
}): Promise<Callers> {
  const as = (headers: Record<string, string>) => ({ headers, query: '' });
  return {
    anonymous: as({}),
    admin: as(await make.staff('admin')),
    dispatcher: as(await make.staff('dispatcher')),
    ops: as(await make.staff('ops')),
    'shipments key': as(await make.key('shipments:write')),
    'scans key': as(await make.key('scans:write')),
    customer: { headers: {}, query: `token=${encodeURIComponent(make.trackingToken)}` },
  };
}

/**
 * Calls every route as every caller and answers what disagrees with DOORS. Allowed: the request
 * reaches the handler (400/404 for made-up input is fine), never a 5xx. Refused: 401 without
 * valid credentials, 403 with credentials that do not cover the route.
 */
export async function doorsThatDisagree<R extends { method: string; path: string }>(
  routes: R[],
  callers: Callers,
  baseUrlOf: (route: R) => string,
): Promise<string[]> {
  const wrong: string[] = [];
  for (const route of routes) {
    const allowed = DOORS[doorOf(route)] ?? [];
    for (const caller of CALLERS) {
      const { headers, query } = callers[caller];
      const path = concretePath(route.path).replace(/^\/api\/v1/, '') + (query ? `?${query}` : '');
      const isImport = route.path.endsWith('/import');
      const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
      const answer = await call(
        { baseUrl: baseUrlOf(route), credentials: headers },
        route.method,
        path,
        hasBody ? { body: isImport ? 'merchantReference\n' : {}, contentType: isImport ? 'text/csv' : undefined } : {},
      );
      const expected = allowed.includes(caller) ? 'reaches the handler' : headers.authorization || headers['x-api-key'] ? 403 : 401;
      const got =
        answer.status >= 500 ? `${answer.status} (server error)` : answer.status === 401 || answer.status === 403 ? answer.status : 'reaches the handler';
      if (got !== expected) wrong.push(`${doorOf(route)} as ${caller}: expected ${expected}, got ${answer.status}`);
    }
  }
  return wrong;
}
