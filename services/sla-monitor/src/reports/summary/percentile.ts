/**
 * percentile_cont(q) over values held in coarse bins: which two ranks it reads, where those
 * ranks sit among the bins, and the interpolation, in the same float8 arithmetic as PostgreSQL
 * (orderedsetaggs.c: rows floor/ceil(q·(n−1)), lo + (pos − floor(pos))·(hi − lo)).
 */
export function percentileRanks(q: number, count: number): { lo: number; hi: number; fraction: number } {
  const position = q * (count - 1);
  const lo = Math.floor(position);
  return { lo, hi: Math.ceil(position), fraction: position - lo };
}

/** The bin holding the value of 0-based `rank` in ascending order, and how many values of that bin come before it. */
export function locateRank(bins: readonly number[], rank: number): { bin: number; offset: number } {
  let before = 0;
  for (let bin = 0; bin < bins.length; bin++) {
    if (rank < before + bins[bin]) return { bin, offset: rank - before };
    before += bins[bin];
  }
  throw new RangeError(`rank ${rank} is beyond the ${before} values in the bins`);
}

export function interpolate(lo: number, hi: number, fraction: number): number {
  return lo + fraction * (hi - lo);
}
