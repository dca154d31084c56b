import type { Breach, SlaStats } from '@waybill/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SLA_MONITOR } from '../deadlines/sla-events';
import { BreachesParams, encodeCursor, SummaryParams } from './report-queries';

export const BREACH_COLUMNS: (keyof Breach)[] = [
  'shipmentId',
  'trackingNumber',
  'serviceLevel',
  'carrier',
  'region',
  'promisedBy',
  'breachedAt',
  'lateBySeconds',
  'reason',
  'status',
  'deliveredAt',
];

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', ${ISO})`;

/** Column list that reads a breach straight into the API shape, ISO timestamps included. */
const BREACH_SELECT = `shipment_id AS "shipmentId", tracking_number AS "trackingNumber",
  service_level AS "serviceLevel", carrier, region, ${iso('promised_by')} AS "promisedBy",
  ${iso('breached_at')} AS "breachedAt", late_by_seconds AS "lateBySeconds", at_risk_reason AS reason,
  status, ${iso('delivered_at')} AS "deliveredAt",
  to_char(breached_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"`;

const GROUP_KEYS: Record<NonNullable<SummaryParams['groupBy']>, string> = {
  day: `to_char(promised_by AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  serviceLevel: 'service_level',
  carrier: 'carrier',
  region: 'region',
};

type Row = Record<string, string | number | null>;

const COUNT_COLUMNS = [
  'shipments',
  'met',
  'delivered_late',
  'breached',
  'lateness_sum',
  'lateness_count',
  'delivered',
  'delivered_first_attempt',
  'alerts',
  'alerts_breached',
];

function stats(counts: Row, percentiles: Row): SlaStats {
  const n = (column: string) => Number(counts[column] ?? 0);
  return {
    shipments: n('shipments'),
    met: n('met'),
    deliveredLate: n('delivered_late'),
    breached: n('breached'),
    onTimeRate: ratio(n('met'), n('met') + n('delivered_late') + n('breached')),
    avgLatenessSeconds: n('lateness_count') > 0 ? Math.round(n('lateness_sum') / n('lateness_count')) : null,
    p90LatenessSeconds: rounded(percentiles.p90_lateness ?? null),
    firstAttemptDeliveryRate: ratio(n('delivered_first_attempt'), n('delivered')),
    atRiskAlerts: n('alerts'),
    alertsThatBreached: n('alerts_breached'),
    alertPrecision: ratio(n('alerts_breached'), n('alerts')),
    medianWarningSeconds: rounded(percentiles.median_warning ?? null),
  };
}

interface Where {
  sql: string;
  params: unknown[];
}

function where(query: Omit<SummaryParams, 'groupBy'> & { reason?: string }, timeColumn: string, base: string[]): Where {
  const conditions = [...base];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (query.from) add(`${timeColumn} >= ?`, query.from);
  if (query.to) add(`${timeColumn} < ?`, query.to);
  if (query.serviceLevel) add('service_level = ?', query.serviceLevel);
  if (query.carrier) add('carrier = ?', query.carrier);
  if (query.region) add('region = ?', query.region);
  if (query.reason) add('at_risk_reason = ?', query.reason);
  return { sql: conditions.join(' AND '), params };
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const rounded = (value: string | number | null) => (value === null ? null : Math.round(Number(value)));

/** The reports' SQL: breaches page by page or as a server-side cursor, and the summary. */
@Injectable()
export class SlaReports {
  constructor(@InjectDataSource(SLA_MONITOR) private readonly dataSource: DataSource) {}

  private breachesWhere(query: BreachesParams): Where {
    return where(query, 'breached_at', ['breached_at IS NOT NULL']);
  }

  async breachesPage(query: BreachesParams): Promise<{ items: Breach[]; nextCursor: string | null }> {
    const filter = this.breachesWhere(query);
    const params = [...filter.params];
    let after = '';
    if (query.cursor) {
      params.push(query.cursor.breachedAt, query.cursor.shipmentId);
      after = ` AND (breached_at, shipment_id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(query.limit + 1);
    const rows: (Breach & { cursorAt: string })[] = await this.dataSource.query(
      `SELECT ${BREACH_SELECT} FROM sla.deadlines WHERE ${filter.sql}${after}
       ORDER BY breached_at, shipment_id LIMIT $${params.length}`,
      params,
    );
    const more = rows.length > query.limit;
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ cursorAt: _cursor, ...breach }) => breach),
      nextCursor: more && last ? encodeCursor({ breachedAt: last.cursorAt, shipmentId: last.shipmentId }) : null,
    };
  }

  /**
   * Streams every matching breach through a server-side cursor on a dedicated connection, one
   * FETCH at a time: memory stays flat however long the range. `write` resolves when the
   * consumer can take more; returning false stops early (the client went away).
   */
  async streamBreaches(query: BreachesParams, write: (rows: Breach[]) => Promise<boolean>, fetchSize = 1000): Promise<void> {
    const filter = this.breachesWhere(query);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(
        `DECLARE breaches_csv NO SCROLL CURSOR FOR
         SELECT ${BREACH_SELECT} FROM sla.deadlines WHERE ${filter.sql} ORDER BY breached_at, shipment_id`,
        filter.params,
      );
      for (;;) {
        const rows: (Breach & { cursorAt?: string })[] = await runner.query(`FETCH ${fetchSize} FROM breaches_csv`);
        if (rows.length === 0) break;
        if (!(await write(rows))) break;
      }
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  /**
   * Two statements in one read-only snapshot: the counts (additive, so Postgres scans them in
   * parallel, per group; the total is their sum) and the percentiles (ordered-set aggregates
   * run alone, so they only read the missed promises, from a partial index).
   */
  async summary(query: SummaryParams): Promise<{ total: SlaStats; groups?: ({ key: string | null } & SlaStats)[] }> {
    const filter = where(query, 'promised_by', ['promised_by IS NOT NULL']);
    const key = query.groupBy ? GROUP_KEYS[query.groupBy] : null;
    const { counts, percentiles } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query(`SET TRANSACTION READ ONLY`);
      // A short OLAP query: compiling it with JIT costs more than it saves; sorts stay in memory.
      await manager.query(`SET LOCAL jit = off`);
      await manager.query(`SET LOCAL work_mem = '64MB'`);
      const counts: Row[] = await manager.query(
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
         FROM sla.deadlines WHERE ${filter.sql}
         ${key ? `GROUP BY 1 ORDER BY 1` : ''}`,
        filter.params,
      );
      const percentiles: Row[] = await manager.query(
        `SELECT ${key ? `${key} AS key, GROUPING(${key}) AS total` : 'NULL AS key, 1 AS total'},
           percentile_cont(0.9) WITHIN GROUP (ORDER BY late_by_seconds) AS p90_lateness,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM promised_by - first_at_risk_at))
             FILTER (WHERE state = 'breached' AND first_at_risk_at < promised_by) AS median_warning
         FROM sla.deadlines WHERE ${filter.sql} AND state IN ('delivered_late', 'breached')
         ${key ? `GROUP BY GROUPING SETS ((${key}), ())` : ''}`,
        filter.params,
      );
      return { counts, percentiles };
    });
    const sum = (column: string) => counts.reduce((total, row) => total + Number(row[column] ?? 0), 0);
    const totalCounts: Row = Object.fromEntries(COUNT_COLUMNS.map((column) => [column, sum(column)]));
    const percentilesOf = (groupKey: unknown) =>
      percentiles.find((row) => (groupKey === undefined ? Number(row.total) === 1 : Number(row.total) === 0 && row.key === groupKey)) ?? {};
    const total = stats(totalCounts, percentilesOf(undefined));
    if (!key) return { total };
    const groups = counts.map((row) => ({
      key: row.key === null ? null : String(row.key),
      ...stats(row, percentilesOf(row.key)),
    }));
    return { total, groups };
  }
}
