import { randomUUID } from 'node:crypto';
import { Consumer, KafkaMessage } from 'kafkajs';
import { decodeEvent, Topics } from '@waybill/contracts';
import { brokers, testKafka } from '../support/kafka';
import { createDatabase, query } from '../support/postgres';
import { eventually } from '../support/eventually';
import { isOpenPath } from '@waybill/access';
import { callersOf, DOORS, doorOf, doorsThatDisagree } from '../support/access-matrix';
import { runTs, startHttpService } from '../support/processes';
import { staffHeader } from '../support/staff-tokens';
import {
  expectFieldErrorsForBadInput,
  expectOneAnswerForUnknownNumberAndWrongToken,
  expectStaffRoutesClosedToAnonymous,
  registerAndFollowOneShipment,
  signIn,
} from '../support/skeleton-flow';

jest.setTimeout(240_000);

const SERVICES = ['shipment-intake', 'tracking', 'sla-monitor', 'notifications'] as const;
const JWT_SECRET = 'distributed-e2e-jwt-secret-0123456789abcdef';

/** Four service processes on a real Kafka broker (infra/kafka) and real PostgreSQL. */
describe('distributed: one shipment through four services over real Kafka', () => {
  let database: { url: string; drop(): Promise<void> };
  const running: Record<string, Awaited<ReturnType<typeof startHttpService>>> = {};
  let observer: Consumer;
  const onShipmentsTopic: KafkaMessage[] = [];
  const namespace = `e2e-${randomUUID().slice(0, 8)}`;
  let dispatcher: Record<string, string>;
  const deployment = () => ({
    intakeUrl: running['shipment-intake'].baseUrl,
    trackingUrl: running.tracking.baseUrl,
    databaseUrl: database.url,
    credentials: dispatcher,
  });

  beforeAll(async () => {
    database = await createDatabase('distributed');
    const env = {
      // Topics and groups of our own: other suites share this broker.
      KAFKA_NAMESPACE: namespace,
      DATABASE_URL: database.url,
      KAFKA_BROKERS: brokers().join(','),
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '100',
      // Every process verifies staff tokens with the same key, whichever one signed them in.
      JWT_SECRET: JWT_SECRET,
    };
    await Promise.all(
      SERVICES.map(async (name) => {
        running[name] = await startHttpService(`services/${name}/src/main.ts`, env);
      }),
    );
    observer = testKafka('distributed-e2e-observer').consumer({ groupId: `observer-${randomUUID()}` });
    await observer.connect();
    await observer.subscribe({ topic: `${namespace}.${Topics.shipments}`, fromBeginning: true });
    await observer.run({ eachMessage: async ({ message }) => void onShipmentsTopic.push(message) });
  });

  afterAll(async () => {
    await observer?.disconnect();
    await Promise.all(Object.values(running).map((service) => service.stop()));
    await database?.drop();
  });

  it('reports every service ready, with Postgres and Kafka checked', async () => {
    for (const name of SERVICES) {
      const response = await fetch(`${running[name].baseUrl}/health/ready`);
      const body: any = await response.json();
      expect(body.status).toBe('ok');
      expect(Object.keys(body.details)).toEqual([`postgres:${name}`, 'bus:kafka']);
    }
  });

  it('signs in a staff user made with the admin CLI, at any service', async () => {
    const password = 'distributed-e2e-password';
    const cli = runTs('tools/waybill-admin/create-user.ts', { DATABASE_URL: database.url, WAYBILL_PASSWORD: password }, [
      '--email',
      'dispatcher@e2e.waybill.example',
      '--role',
      'dispatcher',
    ]);
    expect(await cli.exited).toBe(0);
    // Signed in at tracking, used at intake: one identity store, one JWT key.
    dispatcher = await signIn(running.tracking.baseUrl, 'dispatcher@e2e.waybill.example', password);
  });

  it('carries a shipment from intake through tracking, sla-monitor and notifications', async () => {
    const shipment = await registerAndFollowOneShipment(deployment());

    const message = await eventually(() => {
      const found = onShipmentsTopic.find((m) => m.key?.toString() === shipment.id);
      expect(found).toBeDefined();
      return found!;
    });
    const event = decodeEvent(message.value);
    expect(event).toMatchObject({
      type: 'shipment.created',
      version: 1,
      shipmentId: shipment.id,
      source: 'shipment-intake',
      causationId: null,
    });
    expect(event.payload).toMatchObject({
      trackingNumber: shipment.trackingNumber,
      serviceLevel: 'express',
      promisedBy: shipment.promisedBy,
    });
    expect(message.headers?.['event-type']?.toString()).toBe('shipment.created');
  });

  it('answers bad input with 400 and a list of fields and reasons', async () => {
    await expectFieldErrorsForBadInput(running['shipment-intake'].baseUrl, dispatcher);
  });

  it('gives an unknown tracking number and a wrong token the same 404', async () => {
    const shipment = await registerAndFollowOneShipment(deployment());
    await expectOneAnswerForUnknownNumberAndWrongToken(running.tracking.baseUrl, shipment);
  });

  it('keeps staff routes shut to callers without a valid token, in every process', async () => {
    const shipment = await registerAndFollowOneShipment(deployment());
    await expectStaffRoutesClosedToAnonymous(deployment(), shipment.id);
    const reports = await fetch(`${running['sla-monitor'].baseUrl}/api/v1/sla/summary`);
    const notifications = await fetch(`${running.notifications.baseUrl}/api/v1/notifications?shipmentId=${shipment.id}`);
    expect([reports.status, notifications.status]).toEqual([401, 401]);
    // A dispatcher is not ops: breach reports answer 403, not 200.
    const asDispatcher = await fetch(`${running['sla-monitor'].baseUrl}/api/v1/sla/summary`, { headers: dispatcher });
    expect(asDispatcher.status).toBe(403);
  });

  it('answers every route of every process as the access table says (the role matrix, distributed)', async () => {
    // Each process's routes, from its own OpenAPI document: what it really serves.
    const served: Array<{ method: string; path: string; service: string }> = [];
    for (const service of SERVICES) {
      const document: any = await (await fetch(`${running[service].baseUrl}/api/docs-json`)).json();
      for (const [path, operations] of Object.entries<Record<string, unknown>>(document.paths)) {
        for (const method of Object.keys(operations)) {
          const route = { method: method.toUpperCase(), path: path.replace(/\{(\w+)\}/g, ':$1'), service };
          if (!isOpenPath(route.method, route.path)) served.push(route);
        }
      }
    }
    // Together they serve exactly the platform's doors (sign-in and admin routes in every process).
    expect([...new Set(served.map(doorOf))].sort()).toEqual(Object.keys(DOORS).sort());

    const admin = await staffHeader('admin', JWT_SECRET);
    const keyWith = async (scope: 'shipments:write' | 'scans:write') => {
      const created = await fetch(`${running['shipment-intake'].baseUrl}/api/v1/admin/api-keys`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `matrix ${scope}`, scopes: [scope] }),
      });
      expect(created.status).toBe(201);
      return { 'x-api-key': ((await created.json()) as { key: string }).key };
    };
    const shipment = await registerAndFollowOneShipment(deployment());
    // Stored users, so that renewing a sign-in (which reads the user again) reaches its handler.
    const staffIds = { admin: randomUUID(), dispatcher: randomUUID(), ops: randomUUID() };
    for (const [role, id] of Object.entries(staffIds)) {
      await query(
        database.url,
        `INSERT INTO access.staff_users (id, email, password_hash, role, password_changed_at)
         VALUES ($1, $2, 'not-used-by-this-test', $3, now() - interval '1 hour')`,
        [id, `${role}-matrix@suite.waybill.example`, role],
      );
    }
    const callers = await callersOf({
      staff: (role) => staffHeader(role, JWT_SECRET, staffIds[role]),
      key: keyWith,
      trackingToken: shipment.trackingToken,
    });
    expect(await doorsThatDisagree(served, callers, (route) => running[route.service].baseUrl)).toEqual([]);
  });
});
