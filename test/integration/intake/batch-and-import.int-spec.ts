import { randomUUID } from 'node:crypto';
import { createDatabase, query } from '../../support/postgres';
import { RunningIntake, startIntake } from './intake-app';
import { aCsvRow, aShipment, call, csvOf } from './intake-http';

jest.setTimeout(90_000);

/** Many shipments at once: JSON batches and CSV uploads, on real PostgreSQL and the in-process bus. */
describe('shipment intake batch and CSV import (real PostgreSQL, in-process bus)', () => {
  let database: { url: string; drop(): Promise<void> };
  let intake: RunningIntake;
  const url = () => intake.api;

  async function storedFor(references: string[]) {
    const shipments = await query<{ id: string; merchant_reference: string }>(
      database.url,
      `SELECT id, merchant_reference FROM intake.shipments WHERE merchant_reference = ANY($1::text[])`,
      [references],
    );
    const events = await query<{ key: string; topic: string; type: string }>(
      database.url,
      `SELECT key, topic, headers->>'event-type' AS type FROM intake.outbox_messages WHERE key = ANY($1::text[])`,
      [shipments.map((s) => s.id)],
    );
    return { shipments, events };
  }

  function upload(csv: string | Buffer, contentType = 'text/csv') {
    return call(url(), 'POST', '/shipments/import', { body: csv, contentType });
  }

  beforeAll(async () => {
    database = await createDatabase('intake_batch');
    intake = await startIntake({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await intake?.close();
    await database?.drop();
  });

  describe('POST /shipments/batch', () => {
    it('commits the valid rows with their events and reports every row: created, duplicate or invalid', async () => {
      const taken = (await call(url(), 'POST', '/shipments', { body: aShipment() })).body;
      const rows = [
        aShipment(),
        aShipment({ serviceLevel: 'teleport', parcels: [] }),
        aShipment({ merchantReference: taken.merchantReference }),
        aShipment({ merchantReference: 'SAME-IN-BATCH-' + randomUUID() }),
        'not a shipment',
        aShipment(),
      ];
      rows.push(aShipment({ merchantReference: (rows[3] as any).merchantReference }));

      const answer = await call(url(), 'POST', '/shipments/batch', { body: rows });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ total: 7, created: 3, duplicate: 2, invalid: 2 });
      const results = answer.body.results;
      expect(results.map((r: any) => [r.index, r.status])).toEqual([
        [0, 'created'],
        [1, 'invalid'],
        [2, 'duplicate'],
        [3, 'created'],
        [4, 'invalid'],
        [5, 'created'],
        [6, 'duplicate'],
      ]);
      expect(results[0]).toMatchObject({
        id: expect.any(String),
        trackingNumber: expect.stringMatching(/^WB/),
        trackingToken: expect.any(String),
        promisedBy: expect.any(String),
        merchantReference: (rows[0] as any).merchantReference,
      });
      expect(results[1].errors.map((e: any) => e.field).sort()).toEqual(['parcels', 'serviceLevel']);
      expect(results[2]).toEqual({
        index: 2,
        status: 'duplicate',
        merchantReference: taken.merchantReference,
        existingShipmentId: taken.id,
      });
      expect(results[6].existingShipmentId).toBe(results[3].id);
      expect(results[4].errors).toEqual([{ field: 'body', reason: expect.any(String) }]);

      const references = rows.filter((r): r is any => typeof r === 'object').map((r) => r.merchantReference);
      const { shipments, events } = await storedFor(references);
      expect(shipments).toHaveLength(4); // the three created and the one taken before
      expect(events.filter((e) => e.type === 'shipment.created')).toHaveLength(4);
      expect(events.every((e) => e.topic === 'waybill.shipments.v1')).toBe(true);
    });

    it('replays the first answer for the same Idempotency-Key and body, and refuses another body with 422', async () => {
      const key = randomUUID();
      const rows = [aShipment(), aShipment()];
      const first = await call(url(), 'POST', '/shipments/batch', { body: rows, headers: { 'Idempotency-Key': key } });
      const second = await call(url(), 'POST', '/shipments/batch', { body: rows, headers: { 'Idempotency-Key': key } });
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(second.body.created).toBe(2);
      expect(second.headers.get('idempotent-replayed')).toBe('true');

      const other = await call(url(), 'POST', '/shipments/batch', { body: [aShipment()], headers: { 'Idempotency-Key': key } });
      expect(other.status).toBe(422);
      expect((await storedFor(rows.map((r) => r.merchantReference))).events).toHaveLength(2);
    });

    it('accepts 1,000 shipments and refuses 1,001 with 413', async () => {
      const thousand = Array.from({ length: 1000 }, () => aShipment());
      const accepted = await call(url(), 'POST', '/shipments/batch', { body: thousand });
      expect(accepted.status).toBe(200);
      expect(accepted.body.created).toBe(1000);
      const tooMany = await call(url(), 'POST', '/shipments/batch', { body: [...thousand, aShipment()] });
      expect(tooMany.status).toBe(413);
    });

    it.each([
      ['an object instead of an array', { shipments: [] }, 400],
      ['an empty array', [], 400],
    ])('answers %s with 400', async (_what, body, status) => {
      const answer = await call(url(), 'POST', '/shipments/batch', { body });
      expect(answer.status).toBe(status);
      expect(answer.body.errors).toEqual([{ field: 'body', reason: expect.any(String) }]);
    });

    it('answers a body that is not JSON with 415', async () => {
      const answer = await call(url(), 'POST', '/shipments/batch', { body: 'a,b\n1,2\n', contentType: 'text/csv' });
      expect(answer.status).toBe(415);
    });
  });

  describe('POST /shipments/import (text/csv)', () => {
    it('commits valid rows and reports duplicates, invalid fields and malformed rows by line number', async () => {
      const taken = (await call(url(), 'POST', '/shipments', { body: aShipment() })).body;
      const good = [aCsvRow(), aCsvRow({ recipientName: 'Quote, "Comma" Person' }), aCsvRow()];
      const columns = Object.keys(good[0]);
      const lines = [
        columns.join(','),
        csvOf([good[0]], columns).split('\n')[1], // line 2: created
        csvOf([aCsvRow({ serviceLevel: 'teleport', weightGrams: 'heavy' })], columns).split('\n')[1], // 3: invalid
        csvOf([aCsvRow({ merchantReference: taken.merchantReference })], columns).split('\n')[1], // 4: duplicate
        'only,three,cells', // 5: malformed
        csvOf([good[1]], columns).split('\n')[1], // 6: created
        '', // 7: empty, skipped
        csvOf([good[2]], columns).split('\n')[1], // 8: created
      ];
      const answer = await upload(lines.join('\n') + '\n');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ total: 6, created: 3, duplicate: 1, invalid: 2 });
      expect(answer.body.results.map((r: any) => [r.line, r.status])).toEqual([
        [2, 'created'],
        [3, 'invalid'],
        [4, 'duplicate'],
        [5, 'invalid'],
        [6, 'created'],
        [8, 'created'],
      ]);
      const [, invalid, duplicate, malformed] = answer.body.results;
      expect(invalid.errors.map((e: any) => e.field).sort()).toEqual(['serviceLevel', 'weightGrams']);
      expect(duplicate.existingShipmentId).toBe(taken.id);
      expect(malformed.errors).toEqual([{ field: 'row', reason: expect.stringMatching(/line 5/) }]);

      const { shipments, events } = await storedFor(good.map((r) => String(r.merchantReference)));
      expect(shipments).toHaveLength(3);
      expect(events.map((e) => e.type)).toEqual(Array(3).fill('shipment.created'));
      const stored = await call(url(), 'GET', `/shipments/${answer.body.results[4].id}`);
      expect(stored.body).toMatchObject({
        recipient: { name: 'Quote, "Comma" Person' },
        destination: { country: 'DE', timeZone: 'Europe/Berlin' },
        promiseCalendar: 'DE-2025-2026',
        parcels: [{ weightGrams: 800 }],
      });
    });

    it('treats a second upload of the same file as duplicates only', async () => {
      const csv = csvOf([aCsvRow(), aCsvRow()]);
      expect((await upload(csv)).body.created).toBe(2);
      const again = await upload(csv);
      expect(again.body).toMatchObject({ total: 2, created: 0, duplicate: 2, invalid: 0 });
    });

    it('creates a reference repeated in the file once, from its first line, across chunks', async () => {
      const rows = Array.from({ length: 1200 }, () => aCsvRow());
      rows[1100] = aCsvRow({ merchantReference: String(rows[5].merchantReference), carrier: 'ups' });
      const answer = await upload(csvOf(rows));
      expect(answer.body).toMatchObject({ total: 1200, created: 1199, duplicate: 1 });
      const first = answer.body.results.find((r: any) => r.line === 7);
      expect(answer.body.results.find((r: any) => r.line === 1102)).toEqual({
        line: 1102,
        status: 'duplicate',
        merchantReference: rows[5].merchantReference,
        existingShipmentId: first.id,
      });
      expect((await call(url(), 'GET', `/shipments/${first.id}`)).body.carrier).toBe('dhl');
    });

    it('commits a file bigger than one chunk in full', async () => {
      const rows = Array.from({ length: 2500 }, () => aCsvRow());
      const answer = await upload(csvOf(rows));
      expect(answer.body).toMatchObject({ total: 2500, created: 2500 });
      const { shipments, events } = await storedFor(rows.map((r) => String(r.merchantReference)));
      expect(shipments).toHaveLength(2500);
      expect(events).toHaveLength(2500);
    });

    it('answers a header with unknown or missing columns with 400, naming them', async () => {
      const answer = await upload('merchantReference,colour\nA,blue\n');
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'colour', reason: 'is not a known column' },
          { field: 'carrier', reason: 'required column is missing from the header' },
        ]),
      );
    });

    it('answers an empty upload with 400 and JSON with 415', async () => {
      expect((await upload('')).status).toBe(400);
      expect((await upload(JSON.stringify([aShipment()]), 'application/json')).status).toBe(415);
    });

    it('refuses a file of more than 100,000 rows with 413 and commits none of it', async () => {
      const row = aCsvRow();
      const columns = Object.keys(row);
      const header = columns.join(',');
      const body = [header];
      for (let i = 0; i <= 100_000; i++) body.push(columns.map((c) => (c === 'merchantReference' ? `BIG-${i}` : row[c])).join(','));
      const answer = await upload(body.join('\n') + '\n');
      expect(answer.status).toBe(413);
      const [{ count }] = await query<{ count: string }>(
        database.url,
        `SELECT count(*) FROM intake.shipments WHERE merchant_reference LIKE 'BIG-%'`,
      );
      expect(Number(count)).toBe(0);
    });
  });
});
