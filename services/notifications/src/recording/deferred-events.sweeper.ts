import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NOTIFICATIONS } from '../notifications.constants';
import { NotificationRecorder } from './notification-recorder';

const SWEEP_MS = 2_000;
/** Events for a shipment that never arrived are dropped after this long. */
const KEEP_DAYS = 7;

/**
 * Replays deferred events whose shipment is now known. shipment.created replays them itself;
 * this catches the race where an event was deferred while shipment.created was committing
 * (right after such commits, see sweepSoon, and every 2 s as a backstop).
 */
@Injectable()
export class DeferredEventsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('deferred-events');
  private timer: NodeJS.Timeout | null = null;
  private active: Promise<void> | null = null;
  private again = false;
  private running = false;
  /** Set by the timer: expired events are dropped on the timer's sweeps only, not on every commit's. */
  private pruneDue = false;

  constructor(
    @InjectDataSource(NOTIFICATIONS) private readonly dataSource: DataSource,
    private readonly recorder: NotificationRecorder,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.timer = setInterval(() => {
      this.pruneDue = true;
      this.sweepSoon();
    }, SWEEP_MS);
  }

  /**
   * Sweeps now (or right after the sweep in progress). The consumer calls it after committing
   * a chunk that deferred events or registered shipments: whichever of the two transactions
   * commits last triggers a sweep that sees both, so an event deferred while its shipment was
   * committing waits milliseconds, not until the next tick.
   */
  sweepSoon(): void {
    if (!this.running) return;
    if (this.active) {
      this.again = true;
      return;
    }
    this.active = this.sweep()
      .catch((error) => {
        if (this.dataSource.isInitialized) this.logger.error(`sweep failed: ${error}`);
      })
      .finally(() => {
        this.active = null;
        if (this.again) {
          this.again = false;
          this.sweepSoon();
        }
      });
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    await this.active;
  }

  async sweep(): Promise<void> {
    const ready: { shipment_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT d.shipment_id FROM notifications.deferred_events d
       JOIN notifications.shipments s USING (shipment_id) LIMIT 100`,
    );
    for (const { shipment_id: shipmentId } of ready) {
      const replayed = await this.dataSource.transaction((manager) => this.recorder.replayDeferred(manager, shipmentId));
      replayed.afterCommit();
    }
    if (!this.pruneDue) return;
    await this.dataSource.query(
      `DELETE FROM notifications.deferred_events WHERE received_at < now() - interval '${KEEP_DAYS} days'`,
    );
    this.pruneDue = false;
  }
}
