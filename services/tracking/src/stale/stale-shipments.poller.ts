import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newEvent, SHIPMENT_STATUSES, ShipmentStatus } from '@waybill/contracts';
import { Outbox } from '@waybill/messaging';
import { TRACKING_CONFIG, TrackingConfig } from '../tracking.config';
import { TRACKING } from '../tracking.constants';
import { isMoving } from '../status/status-machine';

const BATCH = 500;

/** The statuses a parcel is moving in, the ones that can go stale. */
const MOVING_STATUSES = SHIPMENT_STATUSES.filter(isMoving);

/**
 * Reports moving shipments that have gone quiet (`tracking.stale`): no scan for
 * `TRACKING_STALE_AFTER_MS`. `stale_due_at` is never later than that moment: scan ingestion sets
 * it when a shipment starts moving and only moves it earlier after (see `updateShipments`), so a
 * scan's update stays in place. This poller claims due rows with FOR UPDATE SKIP LOCKED, so
 * several instances can run, and checks each against its last scan: one that has had a scan
 * since gets its real due time back, one that stopped moving is cleared, and the rest are
 * reported and cleared in the same transaction as the event. So it fires once per silence, and
 * again only after a new scan.
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

  /**
   * Looks at up to one batch of due shipments and emits `tracking.stale` for the quiet ones;
   * returns how many it looked at (a full batch means: look again straight away).
   */
  async reportDue(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due: {
        shipment_id: string;
        tracking_number: string;
        status: ShipmentStatus;
        /** The last scan, or the last override for a shipment moved by hand without one. */
        last_scan_at: Date;
        /** Still moving and no new due time: gone quiet. */
        quiet: boolean;
      }[] = await manager.query(
        `WITH due AS (
           SELECT shipment_id FROM tracking.shipments
           WHERE stale_due_at <= now() ORDER BY stale_due_at LIMIT $1 FOR UPDATE SKIP LOCKED),
         checked AS (
           UPDATE tracking.shipments AS s SET stale_due_at = CASE
               WHEN s.status = ANY($2::text[])
                 AND greatest(s.last_scan_at, s.override_at) + $3 * interval '1 millisecond' > now()
               THEN greatest(s.last_scan_at, s.override_at) + $3 * interval '1 millisecond' END
           FROM due WHERE s.shipment_id = due.shipment_id
           RETURNING s.shipment_id, s.tracking_number, s.status,
             coalesce(s.last_scan_at, s.override_at, s.status_at, s.created_at) AS last_scan_at,
             s.stale_due_at IS NULL AND s.status = ANY($2::text[]) AS quiet)
         SELECT * FROM checked`,
        [BATCH, MOVING_STATUSES, this.config.TRACKING_STALE_AFTER_MS],
      );
      await this.outbox.addEvents(
        manager,
        due
          .filter((row) => row.quiet)
          .map((row) =>
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
