/** People who sign in with a password. */
export const STAFF_ROLES = ['admin', 'dispatcher', 'ops'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What an integration (carrier, merchant system) API key may be allowed to do. */
export const API_KEY_SCOPES = ['shipments:write', 'scans:write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface StaffPrincipal {
  kind: 'staff';
  userId: string;
  email: string;
  role: StaffRole;
  /** When the JWT stops being accepted; sockets are dropped then. */
  expiresAt: Date;
  /** When the staff member typed their password; renewed tokens keep it (`auth_time`). */
  sessionStartedAt: Date;
}

export interface IntegrationPrincipal {
  kind: 'integration';
  keyId: string;
  name: string;
  scopes: ApiKeyScope[];
}

export interface AnonymousPrincipal {
  kind: 'anonymous';
}

/** Who is calling, as the access guard established it. */
export type Principal = StaffPrincipal | IntegrationPrincipal | AnonymousPrincipal;

export const ANONYMOUS: AnonymousPrincipal = { kind: 'anonymous' };
