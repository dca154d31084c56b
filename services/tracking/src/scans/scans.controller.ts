import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ApiZodBody, FieldError, transactionWithRetry } from '@waybill/service-kit';
import { TRACKING } from '../tracking.constants';
import { parseScanBatch, ScanBatchRequest } from './scan-batch.request';
import { ScanIngestionService, ScanOutcome } from './scan-ingestion.service';
import { countScans } from './scan-metrics';
import { Access, RateLimit } from '@waybill/access';

/** Scans per transaction: large enough to batch, small enough to keep locks short. */
const CHUNK = 2500;

export interface ScanResult {
  index: number;
  outcome: ScanOutcome | 'rejected';
  errors?: FieldError[];
}

@ApiTags('scans')
@Controller('scans')
export class ScansController {
  constructor(
    @InjectDataSource(TRACKING) private readonly dataSource: DataSource,
    private readonly ingestion: ScanIngestionService,
  ) {}

  /**
   * Takes one scan or up to 5,000. Every scan gets a result in the order sent: `applied` (on the
   * timeline), `duplicate` (already known: nothing changed), `parked` (tracking number not
   * announced yet; applied when it is) or `rejected` with its field errors. Answers after commit.
   */
  // Drivers' and carriers' systems post with a scans:write API key; ops may post manual scans.
  @Access({ roles: ['admin', 'ops'], scopes: ['scans:write'] })
  @RateLimit('scans')
  @Post()
  @HttpCode(200)
  @ApiZodBody(ScanBatchRequest, 'One scan, or an array of up to 5,000 scans')
  @ApiOkResponse({ description: 'Per-scan results, in the order sent' })
  async ingest(@Body() body: unknown) {
    const { items } = parseScanBatch(body);
    const results: ScanResult[] = items.map((item, index) =>
      item.ok ? { index, outcome: 'duplicate' } : { index, outcome: 'rejected', errors: item.errors },
    );
    const valid = items.flatMap((item, index) => (item.ok ? [{ index, scan: item.scan }] : []));
    for (let start = 0; start < valid.length; start += CHUNK) {
      const chunk = valid.slice(start, start + CHUNK);
      const { outcomes, unknownCodes } = await transactionWithRetry(this.dataSource, (manager) =>
        this.ingestion.ingest(
          manager,
          chunk.map(({ scan }) => scan),
        ),
      );
      chunk.forEach(({ index }, i) => (results[index].outcome = outcomes[i]));
      countScans('http', outcomes, unknownCodes);
    }
    countScans('http', results.filter((r) => r.outcome === 'rejected').map(() => 'rejected' as const), new Map());
    const summary = { applied: 0, duplicate: 0, parked: 0, rejected: 0 };
    for (const result of results) summary[result.outcome]++;
    return { received: results.length, ...summary, results };
  }
}
