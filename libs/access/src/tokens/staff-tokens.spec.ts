import { jose } from './jose';
import { InvalidTokenError, StaffTokens } from './staff-tokens';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const user = { id: '3f1c2a56-0b7e-4c1e-9d58-3d2b1f0a9e11', email: 'dana@waybill.example', role: 'dispatcher' as const };

async function failure(promise: Promise<unknown>): Promise<InvalidTokenError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTokenError);
    return error as InvalidTokenError;
  }
  throw new Error('expected the token to be refused');
}

describe('StaffTokens', () => {
  const tokens = new StaffTokens(SECRET, 900);

  it('issues a token that names the user and role and expires after the configured time', async () => {
    const before = Date.now();
    const issued = await tokens.issue(user);
    const principal = await tokens.verify(issued.accessToken);
    expect(principal).toEqual({
      kind: 'staff',
      userId: user.id,
      email: user.email,
      role: 'dispatcher',
      expiresAt: issued.expiresAt,
      sessionStartedAt: new Date(Math.floor(before / 1000) * 1000),
    });
    expect(issued.expiresIn).toBe(900);
    expect(issued.expiresAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 900_000);
    expect(issued.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 900_000);
  });

  it('refuses a token once it has expired', async () => {
    let now = new Date('2030-01-01T10:00:00Z');
    const clocked = new StaffTokens(SECRET, 60, () => now);
    const { accessToken } = await clocked.issue(user);
    now = new Date('2030-01-01T10:00:59Z');
    await expect(clocked.verify(accessToken)).resolves.toMatchObject({ role: 'dispatcher' });
    now = new Date('2030-01-01T10:01:01Z');
    expect((await failure(clocked.verify(accessToken))).reason).toBe('expired');
  });

  it('keeps the session start through renewals and never outlives the session', async () => {
    let now = new Date('2030-01-01T10:00:00Z');
    const clocked = new StaffTokens(SECRET, 900, () => now);
    const first = await clocked.verify((await clocked.issue(user)).accessToken);
    expect(first.sessionStartedAt).toEqual(new Date('2030-01-01T10:00:00Z'));

    now = new Date('2030-01-01T17:50:00Z');
    const endsAt = new Date('2030-01-01T18:00:00Z');
    const renewed = await clocked.issue(user, { startedAt: first.sessionStartedAt, endsAt });
    expect(renewed.expiresAt).toEqual(endsAt); // 10 minutes left, not the usual 15
    expect(renewed.expiresIn).toBe(600);
    expect(await clocked.verify(renewed.accessToken)).toMatchObject({ sessionStartedAt: first.sessionStartedAt, expiresAt: endsAt });
  });

  it('refuses a token signed with another secret', async () => {
    const { accessToken } = await new StaffTokens('another-secret-which-is-also-long-0123456789', 900).issue(user);
    expect((await failure(tokens.verify(accessToken))).reason).toBe('invalid');
  });

  it('refuses a token whose role was edited', async () => {
    const { accessToken } = await tokens.issue({ ...user, role: 'ops' });
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    await failure(tokens.verify(`${header}.${forged}.${signature}`));
  });

  it('refuses an unsigned token (alg none)', async () => {
    const unsigned = new jose.UnsecuredJWT({ role: 'admin', email: 'x@y.example' })
      .setSubject(user.id)
      .setIssuer('waybill')
      .setAudience('waybill-staff')
      .setExpirationTime('10m')
      .encode();
    await failure(tokens.verify(unsigned));
  });

  it('refuses a correctly signed token with a role it does not know', async () => {
    const key = new TextEncoder().encode(SECRET);
    const token = await new jose.SignJWT({ role: 'root', email: 'x@y.example' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('waybill')
      .setAudience('waybill-staff')
      .setExpirationTime('10m')
      .sign(key);
    await failure(tokens.verify(token));
  });

  it.each(['', 'not-a-jwt', 'a.b.c'])('refuses garbage %p', async (garbage) => {
    await failure(tokens.verify(garbage));
  });
});
