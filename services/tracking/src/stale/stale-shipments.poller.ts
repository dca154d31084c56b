import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newEvent, ShipmentStatus } from '@waybill/contracts';
import { Outbox } from '@waybill/messaging';
import { TRACKING_CONFIG, TrackingConfig } from '../tracking.config';
import { TRACKING } from '../tracking.constants';

const BATCH = 500;

/**
 * Reports moving shipments that have gone quiet (`tracking.stale`). Each scan moves a shipment's
 * `stale_due_at`; this poller claims due rows with FOR UPDATE SKIP LOCKED, so several instances
 * can run, and clears the due time in the same transaction as the event: it fires once per
 * silence, and again only after a new scan.
 */
@Injectable()
export class StaleShipmentsPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('tracking:stale');
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private active: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource(TRACKING) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(TRACKING_CONFIG) private readonly config: TrackingConfig,
  ) {}

  onApplicationBootstrap() {
    this.running = true;
    this.schedule(this.config.TRACKING_STALE_POLL_MS);
  }

  async beforeApplicationShutdown() {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.active;
  }

  private schedule(delayMs: number) {
    if (!this.running) return;
    this.timer = setTimeout(async () => {
      let reported = 0;
      try {
        this.active = this.reportDue();
        reported = (await this.active) as number;
      } catch (error) {
        this.logger.error(`stale poll failed: ${error}`);
      } finally {
        this.active = null;
      }
      this.schedule(reported === BATCH ? 0 : this.config.TRACKING_STALE_POLL_MS);
    }, delayMs);
    this.timer.unref();
  }

  /** Emits `tracking.stale` for up to one batch of due shipments; returns how many. */
  async reportDue(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due: { shipment_id: string; tracking_number: string; status: ShipmentStatus; last_scan_at: Date }[] =
        await manager.query(
          `WITH due AS (
             SELECT shipment_id FROM tracking.shipments
             WHERE stale_due_at <= now() ORDER BY stale_due_at LIMIT $1 FOR UPDATE SKIP LOCKED),
           reported AS (
             UPDATE tracking.shipments AS s SET stale_due_at = NULL
             FROM due WHERE s.shipment_id = due.shipment_id
             RETURNING s.shipment_id, s.tracking_number, s.status, s.last_scan_at)
           SELECT * FROM reported`,
          [BATCH],
        );
      await this.outbox.addEvents(
        manager,
        due.map((row) =>
          newEvent(
            'tracking.stale',
            row.shipment_id,
            { trackingNumber: row.tracking_number, status: row.status, lastScanAt: row.last_scan_at.toISOString() },
            { source: TRACKING },
          ),
        ),
      );
      return due.length;
    });
  }
}
