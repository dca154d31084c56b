import { createDatabase, query } from '../../support/postgres';
import { StaffTokens, StaffUsersService } from '../../../libs/access/src';
import { AccessApp, Answer, call, JWT_SECRET, login, startAccessApp } from './access-test-app';

jest.setTimeout(60_000);

/** A sign-in's or a renewal's answer: 200, never cached, a 15-minute bearer token for this user. */
function expectTokenAnswer(answer: Answer, user: { id: unknown; email: string; role: string }): void {
  expect(answer.status).toBe(200);
  expect(answer.headers.get('cache-control')).toBe('no-store');
  expect(answer.body).toEqual({
    accessToken: expect.any(String),
    tokenType: 'Bearer',
    expiresIn: 900,
    expiresAt: expect.any(String),
    sessionEndsAt: expect.any(String),
    user,
  });
}

/** Staff login on real PostgreSQL over real HTTP: tokens, failures slowed, accounts and addresses locked. */
describe('access: staff login', () => {
  let database: { url: string; drop(): Promise<void> };
  let access: AccessApp;
  const dana = { email: 'dana@waybill.example', password: 'dana-correct-horse-1' };
  const omar = { email: 'omar@waybill.example', password: 'omar-correct-horse-2' };
  const lee = { email: 'lee@waybill.example', password: 'lee-correct-horse-3' };

  beforeAll(async () => {
    database = await createDatabase('access_login');
    access = await startAccessApp({
      databaseUrl: database.url,
      lockout: { accountThreshold: 5, ipThreshold: 8, lockMs: 2_000, baseDelayMs: 40, maxDelayMs: 200 },
      sessionMaxSeconds: 1_800,
      rateLimits: { login: { limit: 12, ttlMs: 60_000 } },
    });
    const users = access.app.get(StaffUsersService);
    await users.create({ ...dana, role: 'dispatcher' });
    await users.create({ ...omar, role: 'ops' });
    await users.create({ ...lee, role: 'ops' });
  });

  afterAll(async () => {
    await access?.close();
    await database?.drop();
  });

  it('signs a dispatcher in with a short-lived bearer token that opens staff routes', async () => {
    const answer = await login(access.baseUrl, 'Dana@Waybill.example ', dana.password, '198.51.100.1');
    expectTokenAnswer(answer, { id: expect.any(String), email: dana.email, role: 'dispatcher' });
    const expiresIn = new Date(answer.body.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(890_000);
    expect(expiresIn).toBeLessThanOrEqual(900_000);

    const me = await call(access.baseUrl, 'GET', '/api/v1/auth/me', { token: answer.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: dana.email, role: 'dispatcher' });
  });

  describe('renewing a sign-in (a board open all shift)', () => {
    const renew = (token: string) => call(access.baseUrl, 'POST', '/api/v1/auth/renew', { token });

    it('gives a fresh token for the same sign-in while the current one is valid', async () => {
      const signedIn = (await login(access.baseUrl, lee.email, lee.password, '198.51.100.20')).body;
      const started = await access.tokens.verify(signedIn.accessToken);
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // a later second: a different token
      const renewed = await renew(signedIn.accessToken);
      expectTokenAnswer(renewed, { id: started.userId, email: lee.email, role: 'ops' });
      expect(renewed.body.accessToken).not.toBe(signedIn.accessToken);
      expect(Date.parse(renewed.body.expiresAt)).toBeGreaterThan(Date.parse(signedIn.expiresAt));
      const again = await access.tokens.verify(renewed.body.accessToken);
      expect(again.sessionStartedAt).toEqual(started.sessionStartedAt);
      expect((await call(access.baseUrl, 'GET', '/api/v1/auth/me', { token: renewed.body.accessToken })).status).toBe(200);
    });

    it('ends the session once it reached its maximum length (30 minutes here), however often it was renewed', async () => {
      const { id } = (await login(access.baseUrl, lee.email, lee.password, '198.51.100.21')).body.user;
      // Lee has had this password for an hour; tokens from renewals since sign-ins long ago:
      await query(database.url, `UPDATE access.staff_users SET password_changed_at = now() - interval '1 hour' WHERE id = $1`, [id]);
      const renewedSince = (minutesAgo: number) =>
        access.tokens.issue({ id, email: lee.email, role: 'ops' }, { startedAt: new Date(Date.now() - minutesAgo * 60_000) });

      const old = await renewedSince(31);
      expect((await call(access.baseUrl, 'GET', '/api/v1/auth/me', { token: old.accessToken })).status).toBe(200);
      const refused = await renew(old.accessToken);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ reason: 'session_ended' });

      // 29 minutes in: the renewed token ends with the session, a minute from now, not in 15.
      const late = await renewedSince(29);
      const capped = await renew(late.accessToken);
      expect(capped.status).toBe(200);
      const sessionEnd = (await access.tokens.verify(late.accessToken)).sessionStartedAt.getTime() + 1_800_000;
      expect(Date.parse(capped.body.expiresAt)).toBe(Math.floor(sessionEnd / 1000) * 1000);
      expect(capped.body.expiresIn).toBeLessThanOrEqual(60);
      expect(capped.body.sessionEndsAt).toBe(capped.body.expiresAt); // the pages renew no further
    });

    it('ends the session when the password changed after the sign-in', async () => {
      const signedIn = (await login(access.baseUrl, omar.email, omar.password, '198.51.100.22')).body;
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await access.app.get(StaffUsersService).upsert({ email: omar.email, role: 'ops', password: omar.password });
      const refused = await renew(signedIn.accessToken);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ reason: 'password_changed' });
    });

    it('renews nothing for an expired token or without one', async () => {
      const past = new Date(Date.now() - 20 * 60_000);
      const expired = await new StaffTokens(JWT_SECRET, 900, () => past).issue({ id: 'x', email: lee.email, role: 'ops' });
      expect((await renew(expired.accessToken)).status).toBe(401);
      expect((await call(access.baseUrl, 'POST', '/api/v1/auth/renew', {})).status).toBe(401);
    });
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const wrong = await login(access.baseUrl, omar.email, 'not-his-password', '198.51.100.2');
    const unknown = await login(access.baseUrl, 'nobody@waybill.example', 'whatever-it-is', '198.51.100.2');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ statusCode: 401, message: 'invalid email or password' });
  });

  it('answers a malformed login with a 400 naming the field', async () => {
    const answer = await call(access.baseUrl, 'POST', '/api/v1/auth/login', { body: { email: dana.email }, from: '198.51.100.3' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
  });

  it('refuses an expired token with 401 and says why', async () => {
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    const { accessToken } = await new StaffTokens(JWT_SECRET, 60, () => twoMinutesAgo).issue({
      id: '00000000-0000-4000-8000-000000000001',
      email: dana.email,
      role: 'dispatcher',
    });
    const answer = await call(access.baseUrl, 'GET', '/api/v1/auth/me', { token: accessToken });
    expect(answer.status).toBe(401);
    expect(answer.body.message).toBe('token expired');
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it('refuses a token signed with another key', async () => {
    const { accessToken } = await new StaffTokens('someone-elses-secret-0123456789abcdef', 900).issue({
      id: '00000000-0000-4000-8000-000000000002',
      email: 'mallory@waybill.example',
      role: 'admin',
    });
    expect((await call(access.baseUrl, 'GET', '/api/v1/auth/me', { token: accessToken })).status).toBe(401);
  });

  it('slows repeated failures, locks the account after five even for the right password, then lets it in again', async () => {
    const attacker = '198.51.100.10';
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      expect((await login(access.baseUrl, lee.email, `guess-${i}`, attacker)).status).toBe(401);
      timings.push(Date.now() - started);
    }
    // 3rd failure held back 40 ms, 4th 80 ms, 5th 160 ms.
    expect(timings[3]).toBeGreaterThanOrEqual(80);
    expect(timings[4]).toBeGreaterThanOrEqual(160);

    // The account is locked for everyone, from any address, right password or not.
    const locked = await login(access.baseUrl, lee.email, lee.password, '198.51.100.11');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(locked.body).toMatchObject({ message: 'too many failed logins; try again later' });
    const stored = await query<{ count: string }>(database.url, `SELECT count(*) FROM access.login_failures WHERE account = $1`, [lee.email]);
    expect(Number(stored[0].count)).toBe(5); // attempts refused while locked are not failures

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const after = await login(access.baseUrl, lee.email, lee.password, '198.51.100.11');
    expect(after.status).toBe(200);
    const left = await query<{ count: string }>(database.url, `SELECT count(*) FROM access.login_failures WHERE account = $1`, [lee.email]);
    expect(Number(left[0].count)).toBe(0);
  });

  it('locks an address that tries many accounts, without locking those accounts elsewhere', async () => {
    const sprayer = '198.51.100.20';
    for (let i = 0; i < 8; i++) {
      expect((await login(access.baseUrl, `user${i}@waybill.example`, 'Summer2030!', sprayer)).status).toBe(401);
    }
    expect((await login(access.baseUrl, dana.email, dana.password, sprayer)).status).toBe(429);
    expect((await login(access.baseUrl, dana.email, dana.password, '198.51.100.21')).status).toBe(200);
  });

  it('throttles logins from one address at the configured rate (12 a minute here)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) statuses.push((await login(access.baseUrl, dana.email, dana.password, '198.51.100.30')).status);
    expect(statuses.slice(0, 12)).toEqual(Array(12).fill(200));
    expect(statuses[12]).toBe(429);
    expect((await login(access.baseUrl, dana.email, dana.password, '198.51.100.31')).status).toBe(200);
  });
});
