import { randomUUID } from 'node:crypto';
import { StaffRole, StaffTokens } from '@waybill/access';

/** The JWT key the suites give the service processes they start (JWT_SECRET). */
export const PROCESS_JWT_SECRET = 'process-suites-jwt-secret-0123456789abcdef';

/**
 * An `Authorization` header for service processes started with PROCESS_JWT_SECRET: signed with
 * the same key a login there would use, for a staff member of this role. Processes verify tokens
 * without a database lookup, so no user row is needed (the login itself is tested elsewhere),
 * except to renew one: pass the id of a stored user for that.
 */
export async function staffHeader(role: StaffRole, secret = PROCESS_JWT_SECRET, userId: string = randomUUID()): Promise<Record<string, string>> {
  const { accessToken } = await new StaffTokens(secret, 3_600).issue({ id: userId, email: `${role}@suite.waybill.example`, role });
  return { authorization: `Bearer ${accessToken}` };
}
