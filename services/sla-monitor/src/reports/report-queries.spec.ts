import { csvLine } from './csv';
import { BreachesQuery, encodeCursor, SummaryQuery } from './report-queries';

describe('csvLine', () => {
  it.each<[(string | number | null | undefined)[], string]>([
    [['a', 1, null, undefined], 'a,1,,\r\n'],
    [['Paris, Nord'], '"Paris, Nord"\r\n'],
    [['say "hi"'], '"say ""hi"""\r\n'],
    [['two\nlines'], '"two\nlines"\r\n'],
  ])('writes %p as %p', (values, line) => {
    expect(csvLine(values)).toBe(line);
  });
});

describe('breach and summary query parameters', () => {
  const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
    result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

  it('defaults to JSON pages of 100', () => {
    expect(BreachesQuery.parse({})).toEqual({ limit: 100, format: 'json' });
  });

  it('reads back a cursor it handed out', () => {
    const cursor = encodeCursor({ breachedAt: '2025-03-06T22:00:00.000123Z', shipmentId: '6f1c4a52-6a1e-4d8e-9d55-3f3a8b7b2a10' });
    expect(BreachesQuery.parse({ cursor }).cursor).toEqual({
      breachedAt: '2025-03-06T22:00:00.000123Z',
      shipmentId: '6f1c4a52-6a1e-4d8e-9d55-3f3a8b7b2a10',
    });
  });

  it.each([
    [{ cursor: 'bm9wZQ' }, 'cursor'],
    [{ from: '2025-03-06T00:00:00Z', to: '2025-03-06T00:00:00Z' }, 'to'],
    [{ limit: '1001' }, 'limit'],
    [{ region: 'fr' }, 'region'],
    [{ reason: 'late' }, 'reason'],
    [{ from: ['2025-03-06T00:00:00Z', '2025-03-07T00:00:00Z'] }, 'from'],
  ])('rejects breaches query %p on %s', (raw, field) => {
    expect(fieldsOf(BreachesQuery.safeParse(raw))).toContain(field);
  });

  it.each([
    [{ groupBy: 'week' }, 'groupBy'],
    [{ limit: '10' }, ''],
  ])('rejects summary query %p on %p', (raw, field) => {
    expect(fieldsOf(SummaryQuery.safeParse(raw))).toContain(field);
  });
});
