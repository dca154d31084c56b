import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { createDatabase, query } from '../../support/postgres';
import { formatDemoCredentials, migrateAccessSchema, seedDemoUsers, StaffUsersService } from '../../../libs/access/src';
import { AccessApp, call, login, startAccessApp } from './access-test-app';

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '../../..');

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'tools/waybill-admin/create-user.js'), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Admins create users and API keys over the admin endpoints; the CLI creates users from a shell. */
describe('access: users and API keys', () => {
  let database: { url: string; drop(): Promise<void> };
  let access: AccessApp;
  let adminToken: string;
  let dispatcherToken: string;

  beforeAll(async () => {
    database = await createDatabase('access_admin');
    access = await startAccessApp({ databaseUrl: database.url });
    const users = access.app.get(StaffUsersService);
    await users.create({ email: 'root@waybill.example', password: 'root-correct-horse-0', role: 'admin' });
    await users.create({ email: 'dee@waybill.example', password: 'dee-correct-horse-0', role: 'dispatcher' });
    adminToken = (await login(access.baseUrl, 'root@waybill.example', 'root-correct-horse-0')).body.accessToken;
    dispatcherToken = (await login(access.baseUrl, 'dee@waybill.example', 'dee-correct-horse-0')).body.accessToken;
  });

  afterAll(async () => {
    await access?.close();
    await database?.drop();
  });

  describe('staff users', () => {
    it('lets an admin create a user, returning a generated password once, with which the user signs in', async () => {
      const created = await call(access.baseUrl, 'POST', '/api/v1/admin/users', {
        token: adminToken,
        body: { email: 'Olu@Waybill.example', role: 'ops' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        email: 'olu@waybill.example',
        role: 'ops',
        createdAt: expect.any(String),
        password: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      });
      expect((await login(access.baseUrl, 'olu@waybill.example', created.body.password)).status).toBe(200);

      const listed = await call(access.baseUrl, 'GET', '/api/v1/admin/users', { token: adminToken });
      expect(listed.status).toBe(200);
      expect(listed.body.users.map((u: { email: string }) => u.email)).toContain('olu@waybill.example');
      expect(JSON.stringify(listed.body)).not.toMatch(/password|hash|\$2[aby]\$/i);

      const [row] = await query<{ password_hash: string }>(database.url, `SELECT password_hash FROM access.staff_users WHERE email = $1`, [
        'olu@waybill.example',
      ]);
      expect(row.password_hash).toMatch(/^\$2[aby]\$10\$/);
    });

    it('keeps the password an admin chose out of the answer', async () => {
      const created = await call(access.baseUrl, 'POST', '/api/v1/admin/users', {
        token: adminToken,
        body: { email: 'kim@waybill.example', role: 'dispatcher', password: 'kim-chosen-password-1' },
      });
      expect(created.status).toBe(201);
      expect(created.body).not.toHaveProperty('password');
      expect((await login(access.baseUrl, 'kim@waybill.example', 'kim-chosen-password-1')).status).toBe(200);
    });

    it('refuses user creation to a dispatcher (403) and to anonymous callers (401)', async () => {
      const body = { email: 'sneaky@waybill.example', role: 'admin' };
      expect((await call(access.baseUrl, 'POST', '/api/v1/admin/users', { token: dispatcherToken, body })).status).toBe(403);
      expect((await call(access.baseUrl, 'POST', '/api/v1/admin/users', { body })).status).toBe(401);
      expect((await call(access.baseUrl, 'GET', '/api/v1/admin/users', { token: dispatcherToken })).status).toBe(403);
    });

    it('answers 409 for an email in use and 400 naming the fields for a bad role or a short password', async () => {
      const duplicate = await call(access.baseUrl, 'POST', '/api/v1/admin/users', {
        token: adminToken,
        body: { email: 'DEE@waybill.example', role: 'ops' },
      });
      expect(duplicate.status).toBe(409);
      const invalid = await call(access.baseUrl, 'POST', '/api/v1/admin/users', {
        token: adminToken,
        body: { email: 'x@waybill.example', role: 'superuser', password: 'short' },
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['password', 'role']);
    });

    it('creates a user from the command line, which can then sign in', async () => {
      const result = await runCli(['--email', 'cli-ops@waybill.example', '--role', 'ops'], { DATABASE_URL: database.url });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('created ops cli-ops@waybill.example');
      const password = /password: (\S+)/.exec(result.stdout)![1];
      const signedIn = await login(access.baseUrl, 'cli-ops@waybill.example', password);
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.role).toBe('ops');

      const again = await runCli(['--email', 'cli-ops@waybill.example', '--role', 'ops'], { DATABASE_URL: database.url });
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/exists.*--reset/);
    });
  });

  describe('API keys', () => {
    async function createKey(scopes: string[], name = 'carrier feed') {
      const created = await call(access.baseUrl, 'POST', '/api/v1/admin/api-keys', { token: adminToken, body: { name, scopes } });
      expect(created.status).toBe(201);
      return created.body;
    }

    it('shows a new key once and stores only its sha256', async () => {
      const created = await createKey(['scans:write']);
      expect(created).toEqual({
        id: expect.any(String),
        name: 'carrier feed',
        prefix: created.key.slice(0, 12),
        scopes: ['scans:write'],
        createdAt: expect.any(String),
        revokedAt: null,
        key: expect.stringMatching(/^wbk_[A-Za-z0-9_-]{43}$/),
      });
      const [row] = await query<Record<string, unknown>>(database.url, `SELECT * FROM access.api_keys WHERE id = $1`, [created.id]);
      expect(row.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(created.key);

      const listed = await call(access.baseUrl, 'GET', '/api/v1/admin/api-keys', { token: adminToken });
      expect(listed.body.apiKeys).toContainEqual(expect.objectContaining({ id: created.id, prefix: created.prefix }));
      expect(JSON.stringify(listed.body)).not.toContain(created.key);
      expect(JSON.stringify(listed.body)).not.toContain(String(row.key_hash));
    });

    it('lets a key do what its scopes allow and nothing else', async () => {
      const { key } = await createKey(['scans:write']);
      const scans = await call(access.baseUrl, 'POST', '/api/v1/samples/scans', { apiKey: key, body: {} });
      expect(scans.status).toBe(200);
      expect(scans.body).toEqual({ acceptedFrom: 'integration' });
      expect((await call(access.baseUrl, 'POST', '/api/v1/samples/scans', { token: key, body: {} })).status).toBe(200);
      expect((await call(access.baseUrl, 'POST', '/api/v1/samples/shipments', { apiKey: key, body: {} })).status).toBe(403);
      expect((await call(access.baseUrl, 'GET', '/api/v1/samples/board', { apiKey: key })).status).toBe(403);
      expect((await call(access.baseUrl, 'GET', '/api/v1/admin/api-keys', { apiKey: key })).status).toBe(403);
    });

    it('refuses a revoked key at once, and a made-up one', async () => {
      const { id, key } = await createKey(['shipments:write', 'scans:write'], 'merchant OMS');
      expect((await call(access.baseUrl, 'POST', '/api/v1/samples/shipments', { apiKey: key, body: {} })).status).toBe(201);

      expect((await call(access.baseUrl, 'DELETE', `/api/v1/admin/api-keys/${id}`, { token: dispatcherToken })).status).toBe(403);
      expect((await call(access.baseUrl, 'DELETE', `/api/v1/admin/api-keys/${id}`, { token: adminToken })).status).toBe(204);
      const refused = await call(access.baseUrl, 'POST', '/api/v1/samples/shipments', { apiKey: key, body: {} });
      expect(refused.status).toBe(401);
      expect(refused.body.message).toBe('invalid API key');

      const listed = await call(access.baseUrl, 'GET', '/api/v1/admin/api-keys', { token: adminToken });
      expect(listed.body.apiKeys.find((k: { id: string }) => k.id === id).revokedAt).toEqual(expect.any(String));

      const madeUp = `wbk_${'A'.repeat(43)}`;
      expect((await call(access.baseUrl, 'POST', '/api/v1/samples/scans', { apiKey: madeUp, body: {} })).status).toBe(401);
    });

    it('answers 404 for revoking an unknown key and 400 for an id that is not a uuid', async () => {
      const unknown = await call(access.baseUrl, 'DELETE', '/api/v1/admin/api-keys/7d3c1e6a-2b4f-4c8e-9a1d-5e6f7a8b9c0d', { token: adminToken });
      expect(unknown.status).toBe(404);
      const bad = await call(access.baseUrl, 'DELETE', '/api/v1/admin/api-keys/not-a-uuid', { token: adminToken });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
    });

    it('refuses a key with an unknown scope or none', async () => {
      for (const scopes of [['shipments:delete'], []]) {
        const answer = await call(access.baseUrl, 'POST', '/api/v1/admin/api-keys', { token: adminToken, body: { name: 'x', scopes } });
        expect(answer.status).toBe(400);
      }
    });
  });

  describe('standalone demo users', () => {
    it('seeds one user per role with a fresh password at every start, and the printed ones sign in', async () => {
      const first = await seedDemoUsers(access.app);
      expect(first.map((c) => c.role)).toEqual(['admin', 'dispatcher', 'ops']);
      const second = await seedDemoUsers(access.app);
      for (const [index, credentials] of second.entries()) {
        expect(credentials.password).not.toBe(first[index].password);
        const signedIn = await login(access.baseUrl, credentials.email, credentials.password);
        expect(signedIn.body.user).toMatchObject({ email: credentials.email, role: credentials.role });
      }
      expect((await login(access.baseUrl, first[0].email, first[0].password)).status).toBe(401);
      const printed = formatDemoCredentials(second);
      for (const credentials of second) expect(printed).toContain(credentials.password);
    });
  });

  describe('the identity store', () => {
    it('migrates safely when several processes start at once', async () => {
      const fresh = await createDatabase('access_migrate');
      try {
        await Promise.all([migrateAccessSchema(fresh.url), migrateAccessSchema(fresh.url), migrateAccessSchema(fresh.url)]);
        const applied = await query<{ name: string }>(fresh.url, `SELECT name FROM access.migrations`);
        expect(applied.map((m) => m.name)).toEqual(['CreateAccessTables1764600000000', 'NotifyApiKeyChanges1764700000000']);
      } finally {
        await fresh.drop();
      }
    });
  });
});
