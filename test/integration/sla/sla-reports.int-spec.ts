import { randomUUID } from 'node:crypto';
import { createDatabase, query } from '../../support/postgres';
import { getJson } from '../../support/shipments';
import { RunningSlaMonitor, startSlaMonitor } from './sla-test-kit';

jest.setTimeout(60_000);

interface Outcome {
  carrier?: string;
  region?: string;
  serviceLevel?: string;
  promisedBy: string;
  state: string;
  lateBySeconds?: number;
  firstAttemptDelivered?: boolean;
  deliveredAt?: string;
  firstAtRiskAt?: string;
  reason?: string;
  breachedAt?: string;
}

/** Shipments with known outcomes, written straight into sla.deadlines so the numbers are exact. */
async function insertOutcomes(databaseUrl: string, outcomes: Outcome[]): Promise<string[]> {
  const ids = outcomes.map(() => randomUUID());
  await query(
    databaseUrl,
    `INSERT INTO sla.deadlines (shipment_id, tracking_number, promised_by, state, service_level, carrier, region,
       late_by_seconds, first_attempt_delivered, delivered_at, first_at_risk_at, at_risk_reason, breached_at, created_at)
     SELECT id, 'WB' || upper(substr(md5(id::text), 1, 16)), promised_by, state, service_level, carrier, region,
       late_by_seconds, first_attempt_delivered, delivered_at, first_at_risk_at, reason, breached_at, now()
     FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, promised_by timestamptz, state text, service_level text,
       carrier text, region text, late_by_seconds int, first_attempt_delivered boolean, delivered_at timestamptz,
       first_at_risk_at timestamptz, reason text, breached_at timestamptz)`,
    [
      JSON.stringify(
        outcomes.map((o, i) => ({
          id: ids[i],
          promised_by: o.promisedBy,
          state: o.state,
          service_level: o.serviceLevel ?? 'express',
          carrier: o.carrier ?? 'acme',
          region: o.region ?? 'FR',
          late_by_seconds: o.lateBySeconds ?? null,
          first_attempt_delivered: o.firstAttemptDelivered ?? null,
          delivered_at: o.deliveredAt ?? null,
          first_at_risk_at: o.firstAtRiskAt ?? null,
          reason: o.reason ?? null,
          breached_at: o.breachedAt ?? null,
        })),
      ),
    ],
  );
  return ids;
}

/** GET /sla/breaches and /sla/summary on real PostgreSQL, over shipments with known outcomes. */
describe('SLA reports for operations', () => {
  let database: { url: string; drop(): Promise<void> };
  let monitor: RunningSlaMonitor;
  let breachIds: string[];

  beforeAll(async () => {
    database = await createDatabase('sla_reports');
    monitor = await startSlaMonitor(database.url);
    const ids = await insertOutcomes(database.url, [
      { promisedBy: '2025-03-05T20:00:00Z', state: 'met', lateBySeconds: 0, firstAttemptDelivered: true, deliveredAt: '2025-03-05T15:00:00Z' },
      { promisedBy: '2025-03-05T20:00:00Z', state: 'met', serviceLevel: 'standard', lateBySeconds: 0, firstAttemptDelivered: false, deliveredAt: '2025-03-06T10:00:00Z' },
      { promisedBy: '2025-03-05T20:00:00Z', state: 'delivered_late', region: 'DE', lateBySeconds: 600, firstAttemptDelivered: true, deliveredAt: '2025-03-05T20:10:00Z', firstAtRiskAt: '2025-03-05T12:00:00Z', reason: 'not_out_for_delivery_by_cutoff' },
      { promisedBy: '2025-03-06T20:00:00Z', state: 'breached', region: 'DE', lateBySeconds: 7200, firstAtRiskAt: '2025-03-06T12:00:00Z', reason: 'not_out_for_delivery_by_cutoff', breachedAt: '2025-03-06T22:00:00Z' },
      { promisedBy: '2025-03-06T20:00:00Z', state: 'breached', serviceLevel: 'standard', lateBySeconds: 9000, firstAtRiskAt: '2025-03-06T18:00:00Z', reason: 'exception', breachedAt: '2025-03-06T22:00:00Z' },
      { promisedBy: '2025-03-06T20:00:00Z', state: 'breached', lateBySeconds: 7200, breachedAt: '2025-03-06T22:00:00Z' },
      { promisedBy: '2025-03-07T20:00:00Z', state: 'at_risk', firstAtRiskAt: '2025-03-07T12:00:00Z', reason: 'exception' },
      { promisedBy: '2025-03-05T20:00:00Z', state: 'breached', carrier: 'zeta', lateBySeconds: 7200, breachedAt: '2025-03-05T22:00:00Z' },
    ]);
    breachIds = ids.slice(3, 6).sort();
  });

  afterAll(async () => {
    await monitor?.close();
    await database?.drop();
  });

  const get = (path: string) => getJson(`${monitor.baseUrl}/api/v1/sla/${path}`, monitor.ops);

  describe('GET /sla/summary', () => {
    it('computes on-time rate, lateness, first-attempt rate, alert precision and warning time', async () => {
      const { status, body } = await get('summary?carrier=acme');
      expect(status).toBe(200);
      expect(body).toEqual({
        from: null,
        to: null,
        groupBy: null,
        total: {
          shipments: 7,
          met: 2,
          deliveredLate: 1,
          breached: 3,
          onTimeRate: 0.3333,
          avgLatenessSeconds: 6000,
          p90LatenessSeconds: 8460,
          firstAttemptDeliveryRate: 0.6667,
          atRiskAlerts: 4,
          alertsThatBreached: 2,
          alertPrecision: 0.5,
          medianWarningSeconds: 18000,
        },
      });
    });

    it('groups by day of the promise, with the total alongside', async () => {
      const { body } = await get('summary?carrier=acme&groupBy=day');
      expect(body.groups.map((g: any) => [g.key, g.shipments, g.met, g.deliveredLate, g.breached])).toEqual([
        ['2025-03-05', 3, 2, 1, 0],
        ['2025-03-06', 3, 0, 0, 3],
        ['2025-03-07', 1, 0, 0, 0],
      ]);
      expect(body.total.shipments).toBe(7);
    });

    it.each([
      ['region', [['DE', 2], ['FR', 6]]],
      ['serviceLevel', [['express', 6], ['standard', 2]]],
      ['carrier', [['acme', 7], ['zeta', 1]]],
    ])('groups by %s', async (groupBy, expected) => {
      const { body } = await get(`summary?groupBy=${groupBy}&from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z`);
      expect(body.groups.map((g: any) => [g.key, g.shipments])).toEqual(expected);
    });

    it('filters by promise date range, service level and region', async () => {
      const { body } = await get('summary?from=2025-03-06T00:00:00Z&to=2025-03-07T00:00:00Z&serviceLevel=express&region=DE');
      expect(body.total).toMatchObject({ shipments: 1, breached: 1, onTimeRate: 0 });
    });

    it('answers an empty range with zero counts and no rates', async () => {
      const { body } = await get('summary?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z');
      expect(body.total).toMatchObject({ shipments: 0, onTimeRate: null, p90LatenessSeconds: null, alertPrecision: null });
    });
  });

  describe('GET /sla/breaches', () => {
    it('lists breaches with their reason, and pages through them with a cursor', async () => {
      const first = await get('breaches?carrier=acme&limit=2');
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await get(`breaches?carrier=acme&limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body).toEqual({ items: [expect.any(Object)], nextCursor: null });
      const all = [...first.body.items, ...second.body.items];
      expect(all.map((b: any) => b.shipmentId)).toEqual(breachIds);
      expect(all.find((b: any) => b.reason === 'exception')).toMatchObject({
        carrier: 'acme',
        region: 'FR',
        serviceLevel: 'standard',
        promisedBy: '2025-03-06T20:00:00.000Z',
        breachedAt: '2025-03-06T22:00:00.000Z',
        lateBySeconds: 9000,
        trackingNumber: expect.stringMatching(/^WB/),
      });
    });

    it.each([
      ['reason=exception', 1],
      ['region=DE', 1],
      ['serviceLevel=express&carrier=acme', 2],
      ['from=2025-03-05T00:00:00Z&to=2025-03-06T00:00:00Z', 1],
      ['from=2025-03-06T00:00:00Z', 3],
    ])('filters with %s', async (filter, expected) => {
      const { body } = await get(`breaches?${filter}`);
      expect(body.items).toHaveLength(expected);
    });

    it('exports breaches as CSV with a header row', async () => {
      const response = await fetch(`${monitor.baseUrl}/api/v1/sla/breaches?carrier=acme&format=csv`, { headers: monitor.ops });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (await response.text()).trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'shipmentId,trackingNumber,serviceLevel,carrier,region,promisedBy,breachedAt,lateBySeconds,reason,status,deliveredAt',
      );
      expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(breachIds);
    });

    it('streams a long CSV export in chunks, through several cursor fetches', async () => {
      await query(
        database.url,
        `INSERT INTO sla.deadlines (shipment_id, promised_by, state, service_level, carrier, region, breached_at, late_by_seconds)
         SELECT gen_random_uuid(), t - interval '2 hours', 'breached', 'economy', 'bulk', 'IT', t, 7200
         FROM generate_series(1, 2500) AS i, LATERAL (SELECT timestamptz '2024-01-01' + i * interval '3 hours' AS t) AS x`,
      );
      const response = await fetch(`${monitor.baseUrl}/api/v1/sla/breaches?carrier=bulk&format=csv`, { headers: monitor.ops });
      expect(response.headers.get('transfer-encoding')).toBe('chunked');
      const lines = (await response.text()).trimEnd().split('\r\n');
      expect(lines).toHaveLength(2501);
      const breachedAt = lines.slice(1).map((line) => line.split(',')[6]);
      expect(breachedAt).toEqual([...breachedAt].sort());
    });
  });

  describe('bad query parameters', () => {
    it.each([
      ['breaches?from=yesterday', 'from'],
      ['breaches?from=2025-03-06T00:00:00Z&to=2025-03-05T00:00:00Z', 'to'],
      ['breaches?serviceLevel=teleport', 'serviceLevel'],
      ['breaches?region=France', 'region'],
      ['breaches?reason=bad_luck', 'reason'],
      ['breaches?limit=0', 'limit'],
      ['breaches?limit=many', 'limit'],
      ['breaches?cursor=not-a-cursor', 'cursor'],
      ['breaches?format=xml', 'format'],
      ['breaches?colour=red', ''],
      ['summary?groupBy=week', 'groupBy'],
      ['summary?to=2025-13-01T00:00:00Z', 'to'],
    ])('answers GET /sla/%s with 400 naming the field', async (path, field) => {
      const { status, body } = await get(path);
      expect(status).toBe(400);
      expect(body.errors).toEqual(expect.arrayContaining([{ field: expect.any(String), reason: expect.any(String) }]));
      if (field) expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  it('documents both reports and their parameters in the OpenAPI document', async () => {
    const { status, body } = await getJson(`${monitor.baseUrl}/api/docs-json`);
    expect(status).toBe(200);
    const names = (path: string) => body.paths[path].get.parameters.map((p: { name: string }) => p.name).sort();
    expect(names('/api/v1/sla/breaches')).toEqual(
      ['carrier', 'cursor', 'format', 'from', 'limit', 'reason', 'region', 'serviceLevel', 'to'],
    );
    expect(names('/api/v1/sla/summary')).toEqual(['carrier', 'from', 'groupBy', 'region', 'serviceLevel', 'to']);
    const groupBy = body.paths['/api/v1/sla/summary'].get.parameters.find((p: { name: string }) => p.name === 'groupBy');
    expect(groupBy.schema.enum).toEqual(['day', 'serviceLevel', 'carrier', 'region']);
  });
});
