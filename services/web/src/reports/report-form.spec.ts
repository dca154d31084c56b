import { apiFilters, daysOf, formFromSearch, searchOfForm } from './report-form';

const now = Date.parse('2025-03-15T10:30:00Z');

describe('report form', () => {
  it('shows the last two weeks, today included, when the link names no range', () => {
    expect(formFromSearch('', now)).toEqual({ fromDay: '2025-03-02', toDay: '2025-03-15', serviceLevel: '', carrier: '', region: '', reason: '' });
  });

  it('reads the filters from the link, and ignores a malformed day', () => {
    expect(formFromSearch('?from=2025-01-01&to=nope&carrier=dhl&region=fr&serviceLevel=express', now)).toMatchObject({
      fromDay: '2025-01-01',
      toDay: '2025-03-15',
      carrier: 'dhl',
      region: 'FR',
      serviceLevel: 'express',
    });
  });

  it('asks the API for whole UTC days, the last one included', () => {
    const form = formFromSearch('?from=2025-03-01&to=2025-03-03&carrier=%20ups%20', now);
    expect(apiFilters(form)).toEqual({
      from: '2025-03-01T00:00:00.000Z',
      to: '2025-03-04T00:00:00.000Z',
      serviceLevel: undefined,
      carrier: 'ups',
      region: undefined,
      reason: undefined,
    });
  });

  it('never asks for an empty range, even when the days are the wrong way round', () => {
    const filters = apiFilters(formFromSearch('?from=2025-03-05&to=2025-03-01', now));
    expect(Date.parse(filters.to!)).toBeGreaterThan(Date.parse(filters.from!));
  });

  it('round-trips through the page link', () => {
    const form = formFromSearch('?from=2025-03-01&to=2025-03-03&reason=exception', now);
    expect(formFromSearch(searchOfForm(form), now)).toEqual(form);
  });

  it('lists every day of the range', () => {
    expect(daysOf(formFromSearch('?from=2025-02-27&to=2025-03-02', now))).toEqual(['2025-02-27', '2025-02-28', '2025-03-01', '2025-03-02']);
  });
});
