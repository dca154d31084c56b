import type { Principal } from '@waybill/access';

export interface Actor {
  /** What the audit trail and the event show. */
  label: string;
  /** A stable id, when the caller has one. */
  id: string | null;
}

/**
 * Who is making a change, as the audit trail records it. The route admits staff only, so
 * `unknown` would mean a caller the guard did not name: recorded as such rather than guessed.
 */
export function actorOf(principal: Principal | undefined): Actor {
  // No API key reaches a staff-only route (access-policy: a roles-only rule admits no key).
  return principal?.kind === 'staff' ? { label: principal.email, id: principal.userId } : { label: 'unknown', id: null };
}
