import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { counter } from '@waybill/service-kit';
import { SLA_MONITOR } from '../deadlines/sla-events';
import { PollLoop } from '../poll-loop';

const foldedTotal = counter('waybill_sla_summary_deltas_folded_total', 'Summary deltas folded into the rollup');

/** How often the deltas are folded. The summary reads unfolded deltas too: this only bounds their number. */
export const FOLD_INTERVAL_MS = 1_000;

/**
 * Folds `sla.summary_deltas` (appended by triggers on sla.deadlines with every change that
 * moves a summary figure) into `sla.summary_rollup`, once a second. Every instance runs one;
 * `sla.summary_fold()` lets one fold at a time and the others skip.
 */
@Injectable()
export class SummaryRollupFolder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop = new PollLoop({
    tick: async () => {
      await this.fold();
      return false;
    },
    intervalMs: FOLD_INTERVAL_MS,
    logger: new Logger('sla-summary-rollup'),
    what: 'folding summary deltas',
  });

  constructor(@InjectDataSource(SLA_MONITOR) private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Folds every delta committed so far; returns how many. */
  async fold(): Promise<number> {
    const [{ folded }]: { folded: string }[] = await this.dataSource.query(`SELECT sla.summary_fold() AS folded`);
    foldedTotal.inc(Number(folded));
    return Number(folded);
  }
}
