import { createDatabase, query } from '../../support/postgres';
import { StaffTokens, StaffUsersService } from '../../../libs/access/src';
import { AccessApp, call, JWT_SECRET, login, startAccessApp } from './access-test-app';

jest.setTimeout(60_000);

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
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      expiresAt: expect.any(String),
      user: { id: expect.any(String), email: dana.email, role: 'dispatcher' },
    });
    const expiresIn = new Date(answer.body.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(890_000);
    expect(expiresIn).toBeLessThanOrEqual(900_000);

    const me = await call(access.baseUrl, 'GET', '/api/v1/auth/me', { token: answer.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: dana.email, role: 'dispatcher' });
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
