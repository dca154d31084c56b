import { interpolate, locateRank, percentileRanks } from './percentile';

describe('percentile over coarse bins', () => {
  it('reads the ranks percentile_cont reads', () => {
    expect(percentileRanks(0.9, 4)).toEqual({ lo: 2, hi: 3, fraction: expect.closeTo(0.7, 12) });
    expect(percentileRanks(0.5, 3)).toEqual({ lo: 1, hi: 1, fraction: 0 });
    expect(percentileRanks(0.5, 1)).toEqual({ lo: 0, hi: 0, fraction: 0 });
    expect(percentileRanks(0.9, 11)).toEqual({ lo: 9, hi: 9, fraction: 0 });
  });

  it('finds the bin that holds a rank, skipping empty bins', () => {
    const bins = [0, 2, 0, 3, 1];
    expect([0, 1, 2, 3, 4, 5].map((rank) => locateRank(bins, rank))).toEqual([
      { bin: 1, offset: 0 },
      { bin: 1, offset: 1 },
      { bin: 3, offset: 0 },
      { bin: 3, offset: 1 },
      { bin: 3, offset: 2 },
      { bin: 4, offset: 0 },
    ]);
    expect(() => locateRank(bins, 6)).toThrow(RangeError);
  });

  it('interpolates as PostgreSQL does: lo + fraction × (hi − lo)', () => {
    // [600, 7200, 7200, 9000]: p90 sits 0.7 of the way from 7200 to 9000.
    const { lo, hi, fraction } = percentileRanks(0.9, 4);
    const values = [600, 7200, 7200, 9000];
    expect(interpolate(values[lo], values[hi], fraction)).toBe(7200 + (0.9 * 3 - 2) * 1800);
    expect(Math.round(interpolate(values[lo], values[hi], fraction))).toBe(8460);
  });
});
