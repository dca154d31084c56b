import type { SlaStats } from '@waybill/contracts';
import { COUNT_COLUMNS, slaStats } from '@waybill/sla-monitor';
import { Client } from 'pg';

/** The summary's filters, as `GET /sla/summary` takes them. */
export interface SummaryFilters {
  from?: string;
  to?: string;
  serviceLevel?: string;
  carrier?: string;
  region?: string;
  groupBy?: 'day' | 'serviceLevel' | 'carrier' | 'region';
}

const GROUP_KEYS = {
  day: `to_char(promised_by AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  serviceLevel: 'service_level',
  carrier: 'carrier',
  region: 'region',
};

type Row = Record<string, string | number | null>;

// The count columns slaStats reads, named as the service names them; the values below are
// computed from raw rows, independently of the rollup.
const COUNTS = COUNT_COLUMNS;

/**
 * The summary computed straight from every row of sla.deadlines: the query the endpoint ran
 * before the rollup (percentile_cont over the raw values), kept as the reference the rollup must
 * equal. Same snapshot for both statements, same conversion to the API's figures.
 */
export async function referenceSummary(
  databaseUrl: string,
  query: SummaryFilters,
): Promise<{ total: SlaStats; groups?: ({ key: string | null } & SlaStats)[] }> {
  const conditions = ['promised_by IS NOT NULL'];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (query.from) add('promised_by >= ?', query.from);
  if (query.to) add('promised_by < ?', query.to);
  if (query.serviceLevel) add('service_level = ?', query.serviceLevel);
  if (query.carrier) add('carrier = ?', query.carrier);
  if (query.region) add('region = ?', query.region);
  const filter = conditions.join(' AND ');
  const key = query.groupBy ? GROUP_KEYS[query.groupBy] : null;

  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let counts: Row[];
  let percentiles: Row[];
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    counts = (
      await client.query(
        `SELECT ${key ? `${key} AS key` : 'NULL AS key'},
           count(*)::int AS shipments,
           count(*) FILTER (WHERE state = 'met')::int AS met,
           count(*) FILTER (WHERE state = 'delivered_late')::int AS delivered_late,
           count(*) FILTER (WHERE state = 'breached')::int AS breached,
           coalesce(sum(late_by_seconds) FILTER (WHERE state IN ('delivered_late', 'breached')), 0)::float8 AS lateness_sum,
           count(late_by_seconds) FILTER (WHERE state IN ('delivered_late', 'breached'))::int AS lateness_count,
           count(*) FILTER (WHERE delivered_at IS NOT NULL)::int AS delivered,
           count(*) FILTER (WHERE delivered_at IS NOT NULL AND first_attempt_delivered)::int AS delivered_first_attempt,
           count(*) FILTER (WHERE first_at_risk_at IS NOT NULL)::int AS alerts,
           count(*) FILTER (WHERE first_at_risk_at IS NOT NULL AND state = 'breached')::int AS alerts_breached
         FROM sla.deadlines WHERE ${filter}
         ${key ? `GROUP BY 1 ORDER BY 1` : ''}`,
        params,
      )
    ).rows;
    percentiles = (
      await client.query(
        `SELECT ${key ? `${key} AS key, GROUPING(${key}) AS total` : 'NULL AS key, 1 AS total'},
           percentile_cont(0.9) WITHIN GROUP (ORDER BY late_by_seconds) AS p90_lateness,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM promised_by - first_at_risk_at))
             FILTER (WHERE state = 'breached' AND first_at_risk_at < promised_by) AS median_warning
         FROM sla.deadlines WHERE ${filter} AND state IN ('delivered_late', 'breached')
         ${key ? `GROUP BY GROUPING SETS ((${key}), ())` : ''}`,
        params,
      )
    ).rows;
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  const toCounts = (row: Row) =>
    Object.fromEntries(COUNTS.map((column) => [column, Number(row[column] ?? 0)])) as Record<(typeof COUNTS)[number], number>;
  const percentilesOf = (groupKey: unknown) =>
    percentiles.find((row) =>
      groupKey === undefined ? Number(row.total) === 1 : Number(row.total) === 0 && row.key === groupKey,
    ) ?? {};
  const stats = (countRow: Row, p: Row) =>
    slaStats(
      toCounts(countRow),
      p.p90_lateness == null ? null : Number(p.p90_lateness),
      p.median_warning == null ? null : Number(p.median_warning),
    );
  const totalRow: Row = Object.fromEntries(
    COUNTS.map((column) => [column, counts.reduce((sum, row) => sum + Number(row[column] ?? 0), 0)]),
  );
  const total = stats(totalRow, percentilesOf(undefined));
  if (!key) return { total };
  // Groups with shipments only: a group's count row exists exactly when it has one.
  const groups = counts
    .filter((row) => Number(row.shipments) > 0)
    .map((row) => ({ key: row.key === null ? null : String(row.key), ...stats(row, percentilesOf(row.key)) }));
  return { total, groups };
}
