import { splitPromiseRange } from './promise-range';

describe('splitPromiseRange', () => {
  it('reads whole days from the rollup and the partial days at both ends from the shipments', () => {
    expect(splitPromiseRange({ from: '2025-03-01T10:00:00Z', to: '2025-03-05T06:00:00Z' }, '2025-03-02', '2025-03-05')).toEqual({
      days: { from: '2025-03-02', to: '2025-03-05' },
      partial: [
        { from: '2025-03-01T10:00:00Z', to: '2025-03-02T00:00:00Z' },
        { from: '2025-03-05T00:00:00Z', to: '2025-03-05T06:00:00Z' },
      ],
    });
  });

  it('answers a range inside one day, or across one midnight, from the shipments alone', () => {
    const range = { from: '2025-03-01T10:00:00Z', to: '2025-03-01T12:00:00Z' };
    expect(splitPromiseRange(range, '2025-03-02', '2025-03-01')).toEqual({ days: null, partial: [range] });
    const overMidnight = { from: '2025-03-01T22:00:00Z', to: '2025-03-02T02:00:00Z' };
    expect(splitPromiseRange(overMidnight, '2025-03-02', '2025-03-02')).toEqual({ days: null, partial: [overMidnight] });
  });

  it('leaves open ends open', () => {
    expect(splitPromiseRange({}, null, null)).toEqual({ days: {}, partial: [] });
    expect(splitPromiseRange({ to: '2025-03-05T06:00:00Z' }, null, '2025-03-05')).toEqual({
      days: { to: '2025-03-05' },
      partial: [{ from: '2025-03-05T00:00:00Z', to: '2025-03-05T06:00:00Z' }],
    });
    expect(splitPromiseRange({ from: '2025-03-01T10:00:00Z' }, '2025-03-02', null)).toEqual({
      days: { from: '2025-03-02' },
      partial: [{ from: '2025-03-01T10:00:00Z', to: '2025-03-02T00:00:00Z' }],
    });
  });
});
