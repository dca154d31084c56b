import { eventually } from '../../support/eventually';
import { createDatabase, query } from '../../support/postgres';
import { ApiKeyCache, StaffUsersService } from '../../../libs/access/src';
import { AccessApp, call, login, startAccessApp } from './access-test-app';

jest.setTimeout(60_000);

/**
 * Live API keys are cached in each process; a revocation must still reach every process that
 * shares the identity store, whoever makes it (the admin endpoint in another process, or SQL by
 * hand), and even when a process's change feed was cut while it happened.
 */
describe('access: cached API keys are revoked in every process', () => {
  let database: { url: string; drop(): Promise<void> };
  let first: AccessApp;
  let second: AccessApp;
  let adminToken: string;

  const createShipment = (app: AccessApp, key: string) => call(app.baseUrl, 'POST', '/api/v1/samples/shipments', { apiKey: key, body: {} });
  const cacheOf = (app: AccessApp) => app.app.get(ApiKeyCache);

  async function keyUsedByBoth(): Promise<{ id: string; key: string }> {
    const created = await call(first.baseUrl, 'POST', '/api/v1/admin/api-keys', { token: adminToken, body: { name: 'oms', scopes: ['shipments:write'] } });
    expect(created.status).toBe(201);
    for (const app of [first, second]) expect((await createShipment(app, created.body.key)).status).toBe(201);
    return created.body;
  }

  beforeAll(async () => {
    database = await createDatabase('access_key_cache');
    first = await startAccessApp({ databaseUrl: database.url });
    second = await startAccessApp({ databaseUrl: database.url });
    await first.app.get(StaffUsersService).create({ email: 'root@waybill.example', password: 'root-correct-horse-0', role: 'admin' });
    adminToken = (await login(first.baseUrl, 'root@waybill.example', 'root-correct-horse-0')).body.accessToken;
    // Both change feeds listen.
    await eventually(() => expect(cacheOf(first).enabled && cacheOf(second).enabled).toBe(true), 10_000, 50);
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('serves a live key from the cache once it has been looked up', async () => {
    const before = cacheOf(second).size;
    await keyUsedByBoth();
    expect(cacheOf(second).size).toBe(before + 1);
  });

  it('refuses a key revoked through another process as soon as the revocation commits there', async () => {
    const { id, key } = await keyUsedByBoth();
    expect((await call(first.baseUrl, 'DELETE', `/api/v1/admin/api-keys/${id}`, { token: adminToken })).status).toBe(204);
    // The revoking process refuses at once; the other within the time its notification takes.
    expect((await createShipment(first, key)).status).toBe(401);
    await eventually(async () => expect((await createShipment(second, key)).status).toBe(401), 2_000, 50);
  });

  it('refuses a key revoked by hand in SQL', async () => {
    const { id, key } = await keyUsedByBoth();
    await query(database.url, `UPDATE access.api_keys SET revoked_at = now() WHERE id = $1`, [id]);
    for (const app of [first, second]) {
      await eventually(async () => expect((await createShipment(app, key)).status).toBe(401), 2_000, 50);
    }
  });

  it('misses no revocation while a process has lost its change feed', async () => {
    const { id, key } = await keyUsedByBoth();
    // Cut the second process's LISTEN connection, then revoke while it may not hear it.
    await query(
      database.url,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = 'waybill-api-key-changes' AND datname = current_database() AND pid <> pg_backend_pid()`,
    );
    await query(database.url, `UPDATE access.api_keys SET revoked_at = now() WHERE id = $1`, [id]);
    await eventually(async () => expect((await createShipment(second, key)).status).toBe(401), 2_000, 50);
    // The feeds come back (and start empty), and a live key is cached again.
    await eventually(() => expect(cacheOf(first).enabled && cacheOf(second).enabled).toBe(true), 10_000, 50);
    const live = await keyUsedByBoth();
    expect((await createShipment(second, live.key)).status).toBe(201);
    expect(cacheOf(second).size).toBeGreaterThan(0);
  });
});
