import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventEnvelope } from '@waybill/contracts';
import { Outbox } from '@waybill/messaging';
import { counter, histogram } from '@waybill/service-kit';
import { SLA_CONFIG, SlaConfig } from '../config/sla-config';
import { PollLoop } from '../poll-loop';
import { decide, Decision } from '../rules/sla-rules';
import { DeadlineStore } from './deadline-store';
import { countTransitions, SLA_MONITOR, transitionEvents } from './sla-events';

const firedTotal = counter('waybill_sla_deadlines_fired_total', 'Due deadlines evaluated and committed by this process');
const firingLateness = histogram(
  'waybill_sla_deadline_lateness_seconds',
  'Time from a deadline being due to its evaluation being committed',
  [],
  [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 60],
);

/** Rows per multi-row outbox insert: 4 parameters a row stays far below Postgres' 65,535. */
const OUTBOX_CHUNK = 2_000;

/**
 * Fires durable deadlines: claims due rows in batches with FOR UPDATE SKIP LOCKED, decides
 * each one and writes the new states and the `sla.*` events to the outbox in the same
 * transaction. Several instances share the work without overlap; a crash rolls the batch back
 * and the rows stay due, so they fire, once, after the restart.
 */
@Injectable()
export class DeadlinePoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('sla-deadline-poller');
  private readonly loop: PollLoop;

  constructor(
    @InjectDataSource(SLA_MONITOR) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(SLA_CONFIG) private readonly config: SlaConfig,
  ) {
    this.loop = new PollLoop({
      // A full batch means more may be due: go again at once.
      tick: async () => (await this.fireDue()) >= config.pollBatchSize,
      intervalMs: config.pollIntervalMs,
      logger: this.logger,
      what: 'firing deadlines',
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Fires one batch of due deadlines; returns how many rows it claimed. */
  async fireDue(now = new Date()): Promise<number> {
    let events: EventEnvelope[] = [];
    let dueTimes: Date[] = [];
    const claimed = await this.dataSource.transaction(async (manager) => {
      events = [];
      const due = await DeadlineStore.claimDue(manager, now, this.config.pollBatchSize);
      if (due.length === 0) return 0;
      const decisions: Decision[] = [];
      for (const record of due) {
        try {
          const decision = decide(record, now, this.config.policy);
          events.push(...transitionEvents(decision.record, decision.transitions));
          decisions.push(decision);
        } catch (error) {
          // One bad row must not hold back every deadline behind it: it is retried later.
          this.logger.error(`deadline of ${record.shipmentId} failed, retrying in a minute: ${error}`);
          decisions.push({ record, transitions: [], dueAt: new Date(now.getTime() + 60_000) });
        }
      }
      await DeadlineStore.save(manager, decisions);
      for (let start = 0; start < events.length; start += OUTBOX_CHUNK) {
        await this.outbox.addEvents(manager, events.slice(start, start + OUTBOX_CHUNK));
      }
      dueTimes = due.map((record) => record.dueAt);
      return due.length;
    });
    if (claimed > 0) {
      const committedAt = Date.now();
      firedTotal.inc(claimed);
      for (const dueAt of dueTimes) firingLateness.observe(Math.max(0, committedAt - dueAt.getTime()) / 1000);
      countTransitions(events, 'deadline');
    }
    return claimed;
  }
}
