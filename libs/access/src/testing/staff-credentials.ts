import { INestApplicationContext } from '@nestjs/common';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { generatePassword } from '../passwords/passwords';
import { ApiKeyScope, StaffRole } from '../principal';
import { StaffTokens } from '../tokens/staff-tokens';
import { StaffUsersService } from '../users/staff-users.service';

/**
 * For tests of a running platform: a real user of this role in the identity store and a real
 * token for it, without going through the login route (and its rate limit).
 */
export async function issueStaffToken(app: INestApplicationContext, role: StaffRole, email = `${role}@test.waybill.example`): Promise<string> {
  const user = await app.get(StaffUsersService, { strict: false }).upsert({ email, role, password: generatePassword() });
  return (await app.get(StaffTokens, { strict: false }).issue(user)).accessToken;
}

/** A real integration key with these scopes. */
export async function issueApiKey(app: INestApplicationContext, scopes: ApiKeyScope[], name = 'test integration'): Promise<string> {
  return (await app.get(ApiKeysService, { strict: false }).create({ name, scopes })).key;
}
