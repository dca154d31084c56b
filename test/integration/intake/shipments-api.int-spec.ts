import { randomUUID } from 'node:crypto';
import { computePromise } from '../../../services/shipment-intake/src/promise/promise-policy';
import { policyInForce } from '../../../services/shipment-intake/src/promise/sla-policies';
import { eventually } from '../../support/eventually';
import { createDatabase, query } from '../../support/postgres';
import { RunningIntake, startIntake } from './intake-app';
import { aShipment, call, publishSlaState, publishStatus } from './intake-http';

jest.setTimeout(60_000);

/** Shipment intake's single-shipment API and read model on real PostgreSQL and the in-process bus. */
describe('shipment intake API (real PostgreSQL, in-process bus)', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningIntake;
  const url = () => platform.api;

  async function outboxEvents(shipmentId: string): Promise<{ type: string; payload: any }[]> {
    const rows = await query<{ value: Buffer }>(database.url, `SELECT value FROM intake.outbox_messages WHERE key = $1 ORDER BY id, position`, [
      shipmentId,
    ]);
    return rows.map((row) => JSON.parse(row.value.toString()));
  }

  async function create(overrides: Record<string, unknown> = {}) {
    const answer = await call(url(), 'POST', '/shipments', { body: aShipment(overrides) });
    expect(answer.status).toBe(201);
    return answer.body;
  }

  beforeAll(async () => {
    database = await createDatabase('intake_api');
    platform = await startIntake({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await platform?.close();
    await database?.drop();
  });

  describe('POST /shipments', () => {
    it('registers a shipment with the SLA policy promise, in the destination time zone, and emits shipment.created', async () => {
      const before = new Date();
      const body = aShipment({ serviceLevel: 'next_day', destination: { city: 'New York', postalCode: '10001', country: 'US' } });
      const answer = await call(url(), 'POST', '/shipments', { body });
      const after = new Date();

      expect(answer.status).toBe(201);
      const shipment = answer.body;
      expect(shipment).toMatchObject({
        id: expect.any(String),
        trackingNumber: expect.stringMatching(/^WB[0-9A-Z]{16}$/),
        trackingToken: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
        trackingUrl: `http://localhost:3000/t/${shipment.trackingNumber}?token=${shipment.trackingToken}`,
        merchantReference: body.merchantReference,
        policyVersion: '2025.1',
        promiseCalendar: 'US-FED-2025-2026',
        promiseTimeZone: 'America/New_York',
        destination: { city: 'New York', postalCode: '10001', country: 'US', timeZone: 'America/New_York' },
        status: 'created',
        slaState: 'on_track',
      });
      // The promise is the policy's for the moment the order arrived.
      const possible = [before, after].map(
        (at) =>
          computePromise(policyInForce(at), { serviceLevel: 'next_day', orderedAt: at, destination: { country: 'US' } })
            .promisedBy.toISOString(),
      );
      expect(possible).toContain(shipment.promisedBy);

      const events = await outboxEvents(shipment.id);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'shipment.created',
          shipmentId: shipment.id,
          payload: expect.objectContaining({
            trackingNumber: shipment.trackingNumber,
            promisedBy: shipment.promisedBy,
            policyVersion: '2025.1',
            promiseCalendar: 'US-FED-2025-2026',
            merchantReference: body.merchantReference,
          }),
        }),
      ]);

      const fetched = await call(url(), 'GET', `/shipments/${shipment.id}`);
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(shipment);
    });

    it('keeps a promise the merchant gives, recorded as the merchant policy', async () => {
      const promisedBy = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const shipment = await create({ promisedBy });
      expect(shipment).toMatchObject({ promisedBy, policyVersion: 'merchant', promiseCalendar: null });
    });

    it('uses the time zone the destination names', async () => {
      const shipment = await create({
        destination: { city: 'Los Angeles', postalCode: '90001', country: 'US', timeZone: 'America/Los_Angeles' },
      });
      expect(shipment.promiseTimeZone).toBe('America/Los_Angeles');
    });

    it('lists every invalid field with a reason', async () => {
      const answer = await call(url(), 'POST', '/shipments', {
        body: aShipment({
          promisedBy: '2020-01-01T00:00:00Z',
          destination: { city: 'Paris', postalCode: '75001', country: 'FR', timeZone: 'Mars/Olympus' },
          recipient: { name: '', email: 'not-an-email' },
          colour: 'blue',
        }),
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        ['body', 'destination.timeZone', 'promisedBy', 'recipient.email', 'recipient.name'].sort(),
      );
      expect(answer.body.errors).toEqual(expect.arrayContaining([{ field: 'promisedBy', reason: 'must be in the future' }]));
    });

    it('refuses a body that is not JSON with 415 and an oversized body with 413', async () => {
      const plain = await call(url(), 'POST', '/shipments', { body: JSON.stringify(aShipment()), contentType: 'text/plain' });
      expect(plain.status).toBe(415);
      const huge = await call(url(), 'POST', '/shipments', {
        body: aShipment({ carrier: 'x'.repeat(6 * 1024 * 1024) }),
      });
      expect(huge.status).toBe(413);
    });

    it('refuses a NUL character (which PostgreSQL text cannot store) with 400, in the body or the query', async () => {
      const reference = `ORDER-${randomUUID()}`;
      const inBody = await call(url(), 'POST', '/shipments', {
        body: aShipment({ merchantReference: reference, recipient: { name: 'Ada\u0000', email: 'ada@example.com', locale: 'en' } }),
      });
      expect(inBody.status).toBe(400);
      expect(inBody.body.errors).toEqual([{ field: 'body', reason: expect.stringContaining('NUL character') }]);
      const inQuery = await call(url(), 'GET', '/shipments?carrier=dhl%00');
      expect(inQuery.status).toBe(400);
      expect(inQuery.body.errors).toEqual([{ field: 'query', reason: expect.stringContaining('NUL character') }]);
      const [{ count }] = await query<{ count: string }>(database.url, 'SELECT count(*) FROM intake.shipments WHERE merchant_reference = $1', [reference]);
      expect(Number(count)).toBe(0);
    });

    it('answers a repeated merchant reference with 409, naming the shipment that holds it, and stores nothing', async () => {
      const first = await create();
      const again = await call(url(), 'POST', '/shipments', {
        body: aShipment({ merchantReference: first.merchantReference, carrier: 'ups' }),
      });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ existingShipmentId: first.id });
      const [{ count }] = await query<{ count: string }>(
        database.url,
        `SELECT count(*) FROM intake.shipments WHERE merchant_reference = $1`,
        [first.merchantReference],
      );
      expect(Number(count)).toBe(1);
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the first response to the same key and body, and creates nothing new', async () => {
      const key = randomUUID();
      const body = aShipment();
      const first = await call(url(), 'POST', '/shipments', { body, headers: { 'Idempotency-Key': key } });
      const second = await call(url(), 'POST', '/shipments', { body, headers: { 'Idempotency-Key': key } });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await outboxEvents(first.body.id)).toHaveLength(1);
    });

    it('treats the same body with its keys in another order as the same request', async () => {
      const key = randomUUID();
      const body = aShipment();
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const first = await call(url(), 'POST', '/shipments', { body, headers: { 'Idempotency-Key': key } });
      const second = await call(url(), 'POST', '/shipments', { body: reordered, headers: { 'Idempotency-Key': key } });
      expect(second.body.id).toBe(first.body.id);
    });

    it('answers the same key with a different body with 422 and creates nothing', async () => {
      const key = randomUUID();
      await call(url(), 'POST', '/shipments', { body: aShipment(), headers: { 'Idempotency-Key': key } });
      const other = aShipment();
      const reused = await call(url(), 'POST', '/shipments', { body: other, headers: { 'Idempotency-Key': key } });
      expect(reused.status).toBe(422);
      expect(reused.body.message).toMatch(/Idempotency-Key .* different request body/);
      const rows = await query(database.url, `SELECT id FROM intake.shipments WHERE merchant_reference = $1`, [
        other.merchantReference,
      ]);
      expect(rows).toEqual([]);
    });

    it('creates one shipment when the same request races itself', async () => {
      const key = randomUUID();
      const body = aShipment();
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => call(url(), 'POST', '/shipments', { body, headers: { 'Idempotency-Key': key } })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      const rows = await query(database.url, `SELECT id FROM intake.shipments WHERE merchant_reference = $1`, [
        body.merchantReference,
      ]);
      expect(rows).toHaveLength(1);
    });

    it('lets a request that failed be retried with its key', async () => {
      const key = randomUUID();
      const invalid = await call(url(), 'POST', '/shipments', {
        body: aShipment({ serviceLevel: 'teleport' }),
        headers: { 'Idempotency-Key': key },
      });
      expect(invalid.status).toBe(400);
      const body = aShipment();
      const retried = await call(url(), 'POST', '/shipments', { body, headers: { 'Idempotency-Key': key } });
      expect(retried.status).toBe(201);
    });
  });

  it('documents every intake route in the OpenAPI document', async () => {
    const document: any = await (await fetch(`${platform.baseUrl}/api/docs-json`)).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/shipments',
        '/api/v1/shipments/batch',
        '/api/v1/shipments/import',
        '/api/v1/shipments/{id}',
        '/api/v1/shipments/{id}/cancel',
        '/api/v1/sla/policies',
      ]),
    );
    expect(Object.keys(document.paths['/api/v1/shipments'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(document.paths['/api/v1/shipments'].post.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );
    expect(Object.keys(document.paths['/api/v1/shipments/import'].post.requestBody.content)).toEqual(['text/csv']);
  });

  describe('GET /sla/policies', () => {
    it('shows the policy in force with its service levels and calendars', async () => {
      const answer = await call(url(), 'GET', '/sla/policies');
      expect(answer.status).toBe(200);
      expect(answer.body.inForce).toMatchObject({
        version: '2025.1',
        serviceLevels: { express: { transitBusinessDays: 2, cutoff: '16:00', deliveryBy: '20:00' } },
        calendars: { FR: expect.objectContaining({ id: 'FR-2025-2026', holidays: expect.arrayContaining(['2025-12-25']) }) },
      });
      expect(answer.body.timeZones.byCountry.FR).toBe('Europe/Paris');
    });
  });

  describe('PATCH /shipments/:id', () => {
    it('corrects the contact and the address, keeps the rest, and emits shipment.updated with what changed', async () => {
      const shipment = await create();
      const answer = await call(url(), 'PATCH', `/shipments/${shipment.id}`, {
        body: { recipient: { email: 'ada@lovelace.example', phone: '+33612345678' }, destination: { postalCode: '75002' } },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.recipient).toEqual({ ...shipment.recipient, email: 'ada@lovelace.example', phone: '+33612345678' });
      expect(answer.body.destination).toEqual({ ...shipment.destination, postalCode: '75002' });
      expect(answer.body.promisedBy).toBe(shipment.promisedBy);

      const events = await outboxEvents(shipment.id);
      expect(events.map((e) => e.type)).toEqual(['shipment.created', 'shipment.updated']);
      expect(events[1].payload).toEqual({
        trackingNumber: shipment.trackingNumber,
        recipient: answer.body.recipient,
        destination: answer.body.destination,
        changedFields: ['recipient.email', 'recipient.phone', 'destination.postalCode'],
      });
      expect((await call(url(), 'GET', `/shipments/${shipment.id}`)).body.recipient.email).toBe('ada@lovelace.example');
    });

    it('emits nothing for a correction that changes nothing', async () => {
      const shipment = await create();
      const answer = await call(url(), 'PATCH', `/shipments/${shipment.id}`, { body: { origin: { city: shipment.origin.city } } });
      expect(answer.status).toBe(200);
      expect((await outboxEvents(shipment.id)).map((e) => e.type)).toEqual(['shipment.created']);
    });

    it.each([
      ['an empty correction', {}, 'body'],
      ['a field that cannot be corrected', { serviceLevel: 'economy' }, 'body'],
      ['an invalid email', { recipient: { email: 'nope' } }, 'recipient.email'],
      ['an invalid country', { destination: { country: 'France' } }, 'destination.country'],
    ])('answers %s with 400', async (_what, body, field) => {
      const shipment = await create();
      const answer = await call(url(), 'PATCH', `/shipments/${shipment.id}`, { body });
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('answers 404 for a shipment it does not know', async () => {
      const answer = await call(url(), 'PATCH', `/shipments/${randomUUID()}`, { body: { recipient: { name: 'X' } } });
      expect(answer.status).toBe(404);
    });
  });

  describe('POST /shipments/:id/cancel', () => {
    it('cancels a shipment once and emits shipment.cancelled once', async () => {
      const shipment = await create();
      const first = await call(url(), 'POST', `/shipments/${shipment.id}/cancel`, { body: { reason: 'customer changed mind' } });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ state: 'cancelled', status: 'cancelled', cancelReason: 'customer changed mind' });
      const again = await call(url(), 'POST', `/shipments/${shipment.id}/cancel`);
      expect(again.status).toBe(200);
      const events = await outboxEvents(shipment.id);
      expect(events.map((e) => e.type)).toEqual(['shipment.created', 'shipment.cancelled']);
      expect(events[1].payload).toEqual({ trackingNumber: shipment.trackingNumber, reason: 'customer changed mind' });

      const correction = await call(url(), 'PATCH', `/shipments/${shipment.id}`, { body: { recipient: { name: 'Late' } } });
      expect(correction.status).toBe(409);
    });

    it('refuses to cancel a delivered shipment with 409', async () => {
      const shipment = await create();
      await publishStatus(platform.bus, shipment.id, 'delivered', 9);
      await eventually(async () => expect((await call(url(), 'GET', `/shipments/${shipment.id}`)).body.status).toBe('delivered'));
      const answer = await call(url(), 'POST', `/shipments/${shipment.id}/cancel`);
      expect(answer.status).toBe(409);
      expect(answer.body.message).toMatch(/delivered/);
      expect((await outboxEvents(shipment.id)).map((e) => e.type)).toEqual(['shipment.created']);
    });

    it('answers 404 for an unknown shipment and 415 for a body that is not JSON', async () => {
      expect((await call(url(), 'POST', `/shipments/${randomUUID()}/cancel`)).status).toBe(404);
      const shipment = await create();
      const answer = await call(url(), 'POST', `/shipments/${shipment.id}/cancel`, { body: 'reason=x', contentType: 'text/plain' });
      expect(answer.status).toBe(415);
    });
  });

  describe('GET /shipments', () => {
    const carrier = `carrier-${randomUUID().slice(0, 8)}`;
    const created: any[] = [];

    beforeAll(async () => {
      for (const serviceLevel of ['express', 'economy', 'express', 'standard', 'express', 'economy', 'express']) {
        created.push(await create({ carrier, serviceLevel }));
      }
    });

    it('filters on the status tracking reports and the SLA state sla-monitor reports', async () => {
      await publishStatus(platform.bus, created[0].id, 'in_transit', 5);
      await publishStatus(platform.bus, created[1].id, 'in_transit', 5);
      await publishStatus(platform.bus, created[1].id, 'picked_up', 3); // late and older: ignored
      await publishSlaState(platform.bus, created[2].id, 'at_risk');

      await eventually(async () => {
        const inTransit = await call(url(), 'GET', `/shipments?carrier=${carrier}&status=in_transit`);
        expect(inTransit.body.items.map((s: any) => s.id).sort()).toEqual([created[0].id, created[1].id].sort());
        const atRisk = await call(url(), 'GET', `/shipments?carrier=${carrier}&slaState=at_risk`);
        expect(atRisk.body.items.map((s: any) => s.id)).toEqual([created[2].id]);
      });
    });

    it('filters on service level, carrier, merchant reference and creation time', async () => {
      const express = await call(url(), 'GET', `/shipments?carrier=${carrier}&serviceLevel=express`);
      expect(express.body.items.map((s: any) => s.id)).toEqual(
        created.filter((s) => s.serviceLevel === 'express').map((s) => s.id).reverse(),
      );
      const byReference = await call(url(), 'GET', `/shipments?merchantReference=${created[3].merchantReference}`);
      expect(byReference.body.items.map((s: any) => s.id)).toEqual([created[3].id]);
      const from = encodeURIComponent(created[4].createdAt);
      const to = encodeURIComponent(created[6].createdAt);
      const window = await call(url(), 'GET', `/shipments?carrier=${carrier}&createdFrom=${from}&createdTo=${to}`);
      expect(window.body.items.map((s: any) => s.id)).toEqual([created[5].id, created[4].id]);
    });

    it('pages through every match newest first with an opaque cursor, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: any = await call(url(), 'GET', `/shipments?carrier=${carrier}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.items.map((s: any) => s.id));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(created.map((s) => s.id).reverse());
    });

    it.each([
      ['an unknown status', 'status=delayed', 'status'],
      ['a limit over 200', 'limit=500', 'limit'],
      ['a cursor it did not give out', 'cursor=abc', 'cursor'],
      ['a created range that is not a date-time', 'createdFrom=yesterday', 'createdFrom'],
    ])('answers %s with 400', async (_what, search, field) => {
      const answer = await call(url(), 'GET', `/shipments?${search}`);
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });
  });
});
