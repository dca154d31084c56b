import { queryString } from './query-string';

describe('queryString', () => {
  it.each<[Record<string, string | number | undefined | null>, string]>([
    [{}, ''],
    [{ carrier: 'dhl' }, '?carrier=dhl'],
    [{ carrier: '', region: undefined, limit: 200 }, '?limit=200'],
    [{ from: '2025-03-05T00:00:00.000Z', cursor: 'a b&c' }, '?from=2025-03-05T00%3A00%3A00.000Z&cursor=a+b%26c'],
    [{ serviceLevel: null, format: 'csv' }, '?format=csv'],
  ])('turns %p into %s', (params, expected) => {
    expect(queryString(params)).toBe(expected);
  });
});
