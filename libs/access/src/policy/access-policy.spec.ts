import { AnonymousPrincipal, IntegrationPrincipal, StaffPrincipal } from '../principal';
import { AccessDecision, AccessPolicy, decideAccess, describePolicy } from './access-policy';
import { isOpenPath } from './open-paths';

const staff = (role: StaffPrincipal['role']): StaffPrincipal => ({
  kind: 'staff',
  userId: 'u1',
  email: `${role}@waybill.example`,
  role,
  expiresAt: new Date(Date.now() + 60_000),
  sessionStartedAt: new Date(),
});
const key = (...scopes: IntegrationPrincipal['scopes']): IntegrationPrincipal => ({
  kind: 'integration',
  keyId: 'k1',
  name: 'carrier feed',
  scopes,
});
const anonymous: AnonymousPrincipal = { kind: 'anonymous' };

describe('decideAccess', () => {
  const cases: Array<[string, AccessPolicy | undefined, Parameters<typeof decideAccess>[1], AccessDecision]> = [
    ['closes a route without a policy, even to an admin', undefined, staff('admin'), 'forbidden'],
    ['closes a route without a policy to anonymous callers', undefined, anonymous, 'forbidden'],
    ['opens a public route to anonymous callers', 'public', anonymous, 'allow'],
    ['opens a customer route to anonymous callers (the handler checks the token)', 'customer', anonymous, 'allow'],
    ['asks an anonymous caller to sign in on a staff route', ['dispatcher'], anonymous, 'unauthenticated'],
    ['admits a dispatcher to a dispatcher route', ['dispatcher', 'ops'], staff('dispatcher'), 'allow'],
    ['refuses ops on an admin-only route', ['admin'], staff('ops'), 'forbidden'],
    ['gives admins no implicit pass', ['dispatcher'], staff('admin'), 'forbidden'],
    ['refuses an API key on a staff-only route', ['admin', 'dispatcher', 'ops'], key('shipments:write'), 'forbidden'],
    ['admits a key holding the scope', { scopes: ['scans:write'] }, key('scans:write'), 'allow'],
    ['refuses a key missing the scope', { scopes: ['scans:write'] }, key('shipments:write'), 'forbidden'],
    ['needs every listed scope', { scopes: ['scans:write', 'shipments:write'] }, key('scans:write'), 'forbidden'],
    ['admits staff by role on a mixed route', { roles: ['ops'], scopes: ['scans:write'] }, staff('ops'), 'allow'],
    ['refuses staff without the role on a mixed route', { roles: ['ops'], scopes: ['scans:write'] }, staff('dispatcher'), 'forbidden'],
    ['admits a scoped key on a mixed route', { roles: ['ops'], scopes: ['scans:write'] }, key('scans:write'), 'allow'],
    ['refuses any key when a route lists no scope', { roles: ['ops'] }, key('scans:write', 'shipments:write'), 'forbidden'],
    ['asks an anonymous caller to authenticate on a key route', { scopes: ['shipments:write'] }, anonymous, 'unauthenticated'],
  ];

  it.each(cases)('%s', (_name, policy, principal, expected) => {
    expect(decideAccess(policy, principal)).toBe(expected);
  });
});

describe('describePolicy', () => {
  it.each<[AccessPolicy | undefined, string]>([
    [undefined, 'NO POLICY (closed)'],
    ['public', 'public'],
    [['admin', 'ops'], 'roles: admin, ops'],
    [{ roles: ['ops'], scopes: ['scans:write'] }, 'roles: ops; api key scopes: scans:write'],
  ])('describes %p as %p', (policy, text) => expect(describePolicy(policy)).toBe(text));
});

describe('isOpenPath', () => {
  it.each<[string, string, boolean]>([
    ['GET', '/health/live', true],
    ['GET', '/health/ready/', true],
    ['HEAD', '/metrics', true],
    ['GET', '/api/docs', true],
    ['GET', '/api/docs-json', true],
    ['GET', '/api/docs/swagger-ui.css', true],
    ['GET', '/api/v1/asyncapi.json', true],
    ['POST', '/metrics', false],
    ['GET', '/health', false],
    ['GET', '/api/v1/docs', false],
    ['GET', '/api/docsx', false],
    ['GET', '/api/v1/shipments', false],
  ])('%s %s open: %p', (method, path, open) => expect(isOpenPath(method, path)).toBe(open));
});
