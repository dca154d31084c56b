import type { SlaStats } from '@waybill/contracts';
import { EntityManager } from 'typeorm';
import type { SummaryParams } from '../report-queries';
import { dimensionFilters, Params } from '../sql-filters';
import { interpolate, locateRank, percentileRanks } from './percentile';
import { DayRange, splitPromiseRange, TimeRange } from './promise-range';
import { binColumns, COUNT_COLUMNS, Metric, METRICS, ROLLUP_BINS } from './rollup-columns';
import { Counts, slaStats } from './sla-stats';

type GroupBy = NonNullable<SummaryParams['groupBy']>;
type Dimension = Exclude<GroupBy, 'day'>;

const DIMENSION_COLUMNS: Record<Dimension, string> = {
  serviceLevel: 'service_level',
  carrier: 'carrier',
  region: 'region',
};

/** Which percentile each metric reports. */
const QUANTILE: Record<Metric, number> = { lateness: 0.9, warning: 0.5 };

/** One group's summed counts and coarse histograms (the total is a scope of its own). */
interface Scope {
  key: string | null;
  counts: Counts;
  bins: Record<Metric, number[]>;
}

/** A value to fetch: `take` values of `bin` after skipping `skip`, within one scope. */
interface Lookup {
  id: number;
  bin: number;
  skip: number;
  take: number;
  /** The summary's range (open ends as ±infinity) … */
  lo: string;
  hi: string;
  /** … narrowed to one UTC day for a day group (PostgreSQL takes the later start, the earlier end). */
  day_start: string | null;
  day_end: string | null;
  /** For a service level, carrier or region group: its key. */
  key: string | null;
  grouped: boolean;
}

const and = (conditions: string[]) => (conditions.length ? conditions.join(' AND ') : 'true');

/**
 * The summary from the rollup: whole days from `sla.summary_rollup` plus the deltas not folded
 * yet, partial days at the range's ends from the shipments themselves, all in the caller's
 * snapshot. Counts are sums; each percentile is exact: the coarse bins say which bin holds its
 * rank, and only that bin's values are read (through a partial index) to find it.
 */
export async function rollupSummary(
  manager: EntityManager,
  query: SummaryParams,
): Promise<{ total: SlaStats; groups?: ({ key: string | null } & SlaStats)[] }> {
  const range: TimeRange = { from: query.from, to: query.to };
  const [bounds]: { first_whole_day: string | null; end_of_whole_days: string | null }[] = await manager.query(
    `SELECT ((($1::timestamptz AT TIME ZONE 'UTC') + interval '1 day' - interval '1 microsecond')::date)::text
              AS first_whole_day,
            (($2::timestamptz AT TIME ZONE 'UTC')::date)::text AS end_of_whole_days`,
    [query.from ?? null, query.to ?? null],
  );
  const { days, partial } = splitPromiseRange(range, bounds.first_whole_day, bounds.end_of_whole_days);
  const scopes = await readScopes(manager, query, days, partial);
  const total: Scope = {
    key: null,
    counts: Object.fromEntries(COUNT_COLUMNS.map((c) => [c, scopes.reduce((sum, s) => sum + s.counts[c], 0)])) as Counts,
    bins: Object.fromEntries(
      METRICS.map((m) => [m, Array.from({ length: ROLLUP_BINS }, (_, b) => scopes.reduce((sum, s) => sum + s.bins[m][b], 0))]),
    ) as Record<Metric, number[]>,
  };
  const all = query.groupBy ? [total, ...scopes] : [total];
  const percentiles = await exactPercentiles(manager, query, all, (scope) => scope !== total);
  const statsOf = (index: number) =>
    slaStats(all[index].counts, percentiles[index].lateness, percentiles[index].warning);
  if (!query.groupBy) return { total: statsOf(0) };
  return { total: statsOf(0), groups: scopes.map((scope, i) => ({ key: scope.key, ...statsOf(i + 1) })) };
}

/** Counts and bins per group (one scope without groupBy), from rollup + deltas + partial days. */
async function readScopes(
  manager: EntityManager,
  query: SummaryParams,
  days: DayRange | null,
  partial: TimeRange[],
): Promise<Scope[]> {
  const params = new Params();
  // Days are grouped as dates and only the groups' keys formatted.
  const keyOf = (alias: string) =>
    !query.groupBy ? 'NULL::text' : query.groupBy === 'day' ? `${alias}day` : `${alias}${DIMENSION_COLUMNS[query.groupBy]}`;
  const outerKey = query.groupBy === 'day' ? `to_char(key, 'YYYY-MM-DD')` : 'key';
  const bins = METRICS.flatMap(binColumns);
  const branches: string[] = [];
  if (days) {
    const dayConditions = dimensionFilters(query, params);
    if (days.from) dayConditions.push(`day >= ${params.add(days.from)}::date`);
    if (days.to) dayConditions.push(`day < ${params.add(days.to)}::date`);
    // Summed here already, so the union carries a row per group rather than per bucket.
    branches.push(
      `SELECT ${keyOf('')} AS key, ${[...COUNT_COLUMNS, ...bins].map((c) => `sum(${c}) AS ${c}`).join(', ')}
       FROM sla.summary_rollup WHERE ${and(dayConditions)} GROUP BY 1`,
    );
    branches.push(groupedParts(keyOf(''), 'sign', '', `sla.summary_deltas WHERE ${and(dayConditions)}`));
  }
  for (const slice of partial) {
    const conditions = dimensionFilters(query, params, 'd.');
    if (slice.from) conditions.push(`d.promised_by >= ${params.add(slice.from)}::timestamptz`);
    if (slice.to) conditions.push(`d.promised_by < ${params.add(slice.to)}::timestamptz`);
    branches.push(
      groupedParts(
        keyOf('p.'),
        '1',
        'p.',
        `sla.deadlines d CROSS JOIN LATERAL sla.summary_part(d) AS p WHERE ${and(conditions)}`,
      ),
    );
  }
  if (branches.length === 0) return [];
  const sums = [...COUNT_COLUMNS, ...bins].map((column) => `coalesce(sum(${column}), 0)::float8 AS ${column}`);
  const rows: Record<string, string | number | null>[] = await manager.query(
    `SELECT ${outerKey} AS key, ${sums.join(', ')} FROM (${branches.join('\nUNION ALL\n')}) AS parts
     GROUP BY parts.key HAVING sum(shipments) > 0 ORDER BY parts.key`,
    params.values,
  );
  return rows.map((row) => ({
    key: row.key === null ? null : String(row.key),
    counts: Object.fromEntries(COUNT_COLUMNS.map((c) => [c, Number(row[c])])) as Counts,
    bins: Object.fromEntries(METRICS.map((m) => [m, binColumns(m).map((c) => Number(row[c]))])) as Record<
      Metric,
      number[]
    >,
  }));
}

/**
 * Delta or part rows as rollup columns. They are summed per key and bin pair first, so the 46
 * bin columns are spread over a few grouped rows instead of over every row (a partial day
 * holding today's shipments can be 100,000 of them).
 */
function groupedParts(key: string, sign: string, alias: string, from: string): string {
  const counts = COUNT_COLUMNS.map((c) => `sum(${sign} * ${alias}${c}) AS ${c}`);
  const bins = METRICS.flatMap((metric) =>
    binColumns(metric).map((column, bin) => `CASE WHEN ${metric}_bin = ${bin} THEN n ELSE 0 END AS ${column}`),
  );
  return `SELECT key, ${[...COUNT_COLUMNS, ...bins].join(', ')} FROM (
      SELECT ${key} AS key, ${alias}lateness_bin AS lateness_bin, ${alias}warning_bin AS warning_bin,
        sum(${sign}) AS n, ${counts.join(', ')}
      FROM ${from} GROUP BY 1, 2, 3) AS grouped`;
}

/** What to read to get one metric's value at a rank, per metric, from sla.deadlines. */
const VALUE_SOURCES: Record<Metric, { valueUs: string; missed: string }> = {
  lateness: {
    valueUs: 'd.late_by_seconds::bigint * 1000000',
    missed: `d.state IN ('delivered_late', 'breached') AND d.late_by_seconds IS NOT NULL`,
  },
  warning: {
    valueUs: 'sla.warning_us(d.promised_by, d.first_at_risk_at)',
    missed: `d.state = 'breached' AND d.first_at_risk_at < d.promised_by`,
  },
};

/** The exact p90 lateness and median warning (seconds) of each scope, null when it has no values. */
async function exactPercentiles(
  manager: EntityManager,
  query: SummaryParams,
  scopes: Scope[],
  grouped: (scope: Scope) => boolean,
): Promise<Record<Metric, number | null>[]> {
  const results: Record<Metric, number | null>[] = scopes.map(() => ({ lateness: null, warning: null }));
  for (const metric of METRICS) {
    const lookups: Lookup[] = [];
    const wanted: { scope: number; lo: [number, number]; hi: [number, number]; fraction: number }[] = [];
    scopes.forEach((scope, index) => {
      const count = scope.bins[metric].reduce((sum, n) => sum + n, 0);
      if (count === 0) return;
      const ranks = percentileRanks(QUANTILE[metric], count);
      const lo = locateRank(scope.bins[metric], ranks.lo);
      const hi = locateRank(scope.bins[metric], ranks.hi);
      const where = scopeRange(query, scope, grouped(scope));
      const loLookup = lookups.push({ id: lookups.length, bin: lo.bin, skip: lo.offset, take: 1, ...where }) - 1;
      let hiLookup = loLookup;
      let hiIndex = 0;
      if (hi.bin === lo.bin) {
        lookups[loLookup].take = hi.offset - lo.offset + 1;
        hiIndex = hi.offset - lo.offset;
      } else {
        hiLookup = lookups.push({ id: lookups.length, bin: hi.bin, skip: hi.offset, take: 1, ...where }) - 1;
      }
      wanted.push({ scope: index, lo: [loLookup, 0], hi: [hiLookup, hiIndex], fraction: ranks.fraction });
    });
    if (lookups.length === 0) continue;
    const values = await lookupValues(manager, query, metric, lookups);
    for (const want of wanted) {
      const at = ([lookup, index]: [number, number]) => {
        const value = values.get(lookup)?.[index];
        // The bins and the rows come from one snapshot; a miss means they disagree.
        if (value === undefined) throw new Error(`summary rollup out of step with sla.deadlines (${metric})`);
        return value;
      };
      results[want.scope][metric] = interpolate(at(want.lo), at(want.hi), want.fraction);
    }
  }
  return results;
}

/** The promise range and group a scope covers; a day group is its UTC day within the range. */
function scopeRange(query: SummaryParams, scope: Scope, grouped: boolean): Omit<Lookup, 'id' | 'bin' | 'skip' | 'take'> {
  const range = { lo: query.from ?? '-infinity', hi: query.to ?? 'infinity', day_start: null, day_end: null };
  if (!grouped) return { ...range, key: null, grouped: false };
  if (query.groupBy === 'day' && scope.key !== null) {
    const dayStart = Date.parse(`${scope.key}T00:00:00Z`);
    return {
      ...range,
      day_start: new Date(dayStart).toISOString(),
      day_end: new Date(dayStart + 86_400_000).toISOString(),
      key: null,
      grouped: false,
    };
  }
  return { ...range, key: scope.key, grouped: true };
}

/** Reads the values each lookup asks for, in ascending order, as seconds. */
async function lookupValues(
  manager: EntityManager,
  query: SummaryParams,
  metric: Metric,
  lookups: Lookup[],
): Promise<Map<number, number[]>> {
  const params = new Params();
  const source = VALUE_SOURCES[metric];
  const lookupsParam = params.add(JSON.stringify(lookups));
  const groupColumn = query.groupBy && query.groupBy !== 'day' ? `d.${DIMENSION_COLUMNS[query.groupBy]}` : 'NULL::text';
  const conditions = [
    source.missed,
    `sla.summary_bin(${source.valueUs}) = w.bin`,
    `d.promised_by >= greatest(w.lo, coalesce(w.day_start, w.lo))`,
    `d.promised_by < least(w.hi, coalesce(w.day_end, w.hi))`,
    `(NOT w.grouped OR ${groupColumn} IS NOT DISTINCT FROM w.key)`,
    ...dimensionFilters(query, params, 'd.'),
  ];
  const rows: { id: number; value_us: string }[] = await manager.query(
    `SELECT w.id, v.value_us::text AS value_us
     FROM jsonb_to_recordset(${lookupsParam}::jsonb) AS w(id int, bin int, skip int, take int, lo timestamptz,
       hi timestamptz, day_start timestamptz, day_end timestamptz, key text, grouped boolean)
     CROSS JOIN LATERAL (
       SELECT ${source.valueUs} AS value_us FROM sla.deadlines d
       WHERE ${and(conditions)}
       ORDER BY 1 OFFSET w.skip LIMIT w.take
     ) AS v
     ORDER BY w.id, v.value_us`,
    params.values,
  );
  const values = new Map<number, number[]>();
  for (const row of rows) {
    // Microseconds to seconds: the same double as PostgreSQL's numeric epoch → float8.
    const seconds = Number(row.value_us) / 1_000_000;
    values.set(row.id, [...(values.get(row.id) ?? []), seconds]);
  }
  return values;
}
