import type { Breach, SlaStats } from '@waybill/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SLA_MONITOR } from '../deadlines/sla-events';
import { BreachesParams, encodeCursor, SummaryParams } from './report-queries';
import { dimensionFilters, Params } from './sql-filters';
import { rollupSummary } from './summary/rollup-summary';

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

interface Where {
  sql: string;
  params: unknown[];
}

/** The breaches the query's filters select: breached within [from, to), same dimension filters as the summary. */
function breachesWhere(query: BreachesParams): Where {
  const params = new Params();
  const conditions = ['breached_at IS NOT NULL'];
  if (query.from) conditions.push(`breached_at >= ${params.add(query.from)}`);
  if (query.to) conditions.push(`breached_at < ${params.add(query.to)}`);
  conditions.push(...dimensionFilters(query, params));
  if (query.reason) conditions.push(`at_risk_reason = ${params.add(query.reason)}`);
  return { sql: conditions.join(' AND '), params: params.values };
}

/** The reports' SQL: breaches page by page or as a server-side cursor, and the summary. */
@Injectable()
export class SlaReports {
  constructor(@InjectDataSource(SLA_MONITOR) private readonly dataSource: DataSource) {}

  async breachesPage(query: BreachesParams): Promise<{ items: Breach[]; nextCursor: string | null }> {
    const filter = breachesWhere(query);
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
    const filter = breachesWhere(query);
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
   * Reads the rollup (see reports/summary/rollup-summary.ts) in one read-only snapshot, so the
   * rollup, the deltas not folded yet and the shipments at the range's ends agree.
   */
  async summary(query: SummaryParams): Promise<{ total: SlaStats; groups?: ({ key: string | null } & SlaStats)[] }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query(`SET TRANSACTION READ ONLY`);
      // Short queries: compiling them with JIT costs more than it saves. A partial day can hold
      // 100,000 shipments (today's, say): their grouping stays in memory.
      await manager.query(`SET LOCAL jit = off`);
      await manager.query(`SET LOCAL work_mem = '64MB'`);
      return rollupSummary(manager, query);
    });
  }
}
