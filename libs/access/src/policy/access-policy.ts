import { ApiKeyScope, Principal, StaffRole } from '../principal';

/**
 * Who may use a route or a Socket.IO namespace:
 * - `'public'`: anyone (login, documentation);
 * - `'customer'`: anyone may reach it, and the handler itself checks the tracking token;
 * - `StaffRole[]`: signed-in staff with one of these roles;
 * - `{ roles?, scopes? }`: staff with one of `roles`, or an API key holding every one of `scopes`.
 * No implicit admin: every route lists the roles it admits, so a route's rule reads in one place.
 */
export type AccessPolicy =
  | 'public'
  | 'customer'
  | readonly StaffRole[]
  | { readonly roles?: readonly StaffRole[]; readonly scopes?: readonly ApiKeyScope[] };

export type AccessDecision = 'allow' | 'unauthenticated' | 'forbidden';

/** Routes anyone reaches without credentials; the guard does not even read credentials there. */
export function isOpenPolicy(policy: AccessPolicy): policy is 'public' | 'customer' {
  return policy === 'public' || policy === 'customer';
}

function normalize(policy: Exclude<AccessPolicy, 'public' | 'customer'>) {
  if (Array.isArray(policy)) return { roles: policy as readonly StaffRole[], scopes: [] as readonly ApiKeyScope[] };
  const { roles = [], scopes = [] } = policy as { roles?: readonly StaffRole[]; scopes?: readonly ApiKeyScope[] };
  return { roles, scopes };
}

/** The whole rule: a route with no policy is closed to everyone. */
export function decideAccess(policy: AccessPolicy | undefined, principal: Principal): AccessDecision {
  if (policy === undefined) return 'forbidden';
  if (isOpenPolicy(policy)) return 'allow';
  if (principal.kind === 'anonymous') return 'unauthenticated';
  const { roles, scopes } = normalize(policy);
  if (principal.kind === 'staff') return roles.includes(principal.role) ? 'allow' : 'forbidden';
  const keyAllowed = scopes.length > 0 && scopes.every((scope) => principal.scopes.includes(scope));
  return keyAllowed ? 'allow' : 'forbidden';
}

/** A short human description, for audit listings and OpenAPI descriptions. */
export function describePolicy(policy: AccessPolicy | undefined): string {
  if (policy === undefined) return 'NO POLICY (closed)';
  if (isOpenPolicy(policy)) return policy;
  const { roles, scopes } = normalize(policy);
  const parts = [];
  if (roles.length > 0) parts.push(`roles: ${roles.join(', ')}`);
  if (scopes.length > 0) parts.push(`api key scopes: ${scopes.join(' + ')}`);
  return parts.join('; ') || 'nobody';
}
