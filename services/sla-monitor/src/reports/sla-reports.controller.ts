import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiZodQuery, ZodValidationPipe } from '@waybill/service-kit';
import { csvLine } from './csv';
import { BreachesParams, BreachesQuery, BreachesQueryShape, SummaryParams, SummaryQuery, SummaryQueryShape } from './report-queries';
import { BREACH_COLUMNS, SlaReports } from './sla-reports.service';
import { Access } from '@waybill/access';

/** Reports for operations: which promises broke, and how often. */
@Access(['admin', 'ops'])
@ApiTags('sla')
@Controller('sla')
export class SlaReportsController {
  constructor(private readonly reports: SlaReports) {}

  /** Breaches in `breachedAt` order: JSON pages with a cursor, or every one as streamed CSV. */
  @Get('breaches')
  @ApiZodQuery(BreachesQueryShape)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'JSON `{ items, nextCursor }`, or CSV with a header row when format=csv' })
  async breaches(@Query(new ZodValidationPipe(BreachesQuery)) query: BreachesParams, @Res() response: Response) {
    if (query.format === 'json') {
      response.json(await this.reports.breachesPage(query));
      return;
    }
    let closed = false;
    response.on('close', () => (closed = true));
    response.status(200);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="sla-breaches.csv"');
    response.write(csvLine(BREACH_COLUMNS));
    try {
      await this.reports.streamBreaches(query, async (rows) => {
        if (closed) return false;
        const chunk = rows.map((row) => csvLine(BREACH_COLUMNS.map((column) => row[column]))).join('');
        if (!response.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              response.off('drain', done);
              response.off('close', done);
              resolve();
            };
            response.on('drain', done);
            response.on('close', done);
          });
        }
        return !closed;
      });
      response.end();
    } catch (error) {
      // Headers are gone: all that is left is to cut the stream so the client sees it broke.
      response.destroy(error as Error);
    }
  }

  @Get('summary')
  @ApiZodQuery(SummaryQueryShape)
  @ApiOkResponse({
    description:
      'On-time rate, breaches, average and p90 lateness, first-attempt delivery rate, at-risk alerts and their ' +
      'precision, median warning time; `total` plus `groups` when groupBy is given',
  })
  async summary(@Query(new ZodValidationPipe(SummaryQuery)) query: SummaryParams) {
    const result = await this.reports.summary(query);
    return { from: query.from ?? null, to: query.to ?? null, groupBy: query.groupBy ?? null, ...result };
  }
}
