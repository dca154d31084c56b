import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BoardCounters, BoardFilters, BoardNotification, EventEnvelope, FINAL_STATUSES, SlaAlertType, TrackingUpdate } from '@waybill/contracts';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../config/notifications.config';
import { NOTIFICATIONS } from '../notifications.constants';
import { ShipmentState, TriggerEvent } from '../shipments/shipment-state';
import { ShipmentStore } from '../shipments/shipment-store';
import { countersFor, CounterGroup } from './board-counters';
import { BoardFeed } from './board-feed';
import { BoardAttributes } from './board-rooms';
import { TrackingFeed } from './tracking-feed';

const ALERT_TYPES: readonly string[] = ['sla.at_risk', 'sla.late', 'sla.breached'] satisfies SlaAlertType[];
const FINAL = FINAL_STATUSES.map((s) => `'${s}'`).join(', ');

function attributesOf(state: ShipmentState): BoardAttributes {
  return { carrier: state.carrier, region: state.region, serviceLevel: state.serviceLevel };
}

function delayOf(state: ShipmentState): TrackingUpdate['delay'] {
  if (state.slaState === 'at_risk') return 'possible';
  if (state.slaState === 'late' || state.slaState === 'breached' || state.slaState === 'delivered_late') return 'late';
  return 'none';
}

/** What the gateways push: board messages, parcel updates and the board counters. */
@Injectable()
export class LivePush implements OnApplicationShutdown {
  readonly board: BoardFeed;
  readonly tracking: TrackingFeed;
  private countersDirty = true;
  private groups: CounterGroup[] = [];
  private countersTimer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private unread = new Map<string, string>();
  private rereading: Promise<void> | null = null;
  private readonly logger = new Logger('live-push');

  constructor(
    @InjectDataSource(NOTIFICATIONS) private readonly dataSource: DataSource,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {
    this.board = new BoardFeed({ flushMs: config.BOARD_FLUSH_MS, capacity: config.BOARD_REPLAY_CAPACITY });
    this.tracking = new TrackingFeed({ perParcel: 50, maxParcels: 50_000 });
  }

  startCounters(): void {
    this.countersTimer ??= setInterval(() => void this.refreshCounters(), this.config.BOARD_COUNTERS_MS);
    this.countersTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.countersTimer) clearInterval(this.countersTimer);
    this.countersTimer = null;
    this.board.stop();
    this.tracking.stop();
  }

  /** After the commit of an SLA event: an alert per change of SLA state (a repeated sla.breached says nothing). */
  alert(event: TriggerEvent, before: ShipmentState, state: ShipmentState): void {
    if (!ALERT_TYPES.includes(event.type) || before.slaState === state.slaState) return;
    const attributes = attributesOf(state);
    const { payload } = event as EventEnvelope<SlaAlertType>;
    this.board.enqueue([
      {
        attributes,
        message: {
          type: 'sla.alert',
          data: {
            eventId: event.id,
            type: event.type as SlaAlertType,
            shipmentId: state.shipmentId,
            trackingNumber: state.trackingNumber,
            ...attributes,
            serviceLevel: state.serviceLevel,
            previousState: payload.previousState,
            state: payload.state,
            reason: payload.reason,
            promisedBy: payload.promisedBy,
            lateBySeconds: payload.lateBySeconds,
            occurredAt: event.occurredAt,
          },
        },
      },
    ]);
  }

  /**
   * After the commit of events that changed these shipments (id → when the last one happened).
   * The rows are read again after the commit, one read at a time: the tracking and the SLA
   * parts of a shipment are written by two topics' consumers that do not wait for each other,
   * so the state a transaction read can be stale by its commit (a status change read `on_track`
   * while an SLA event committed `breached`). A read started after the last commit sees both,
   * and, the reads being in order, its push is the last word on the board and tracking page.
   */
  shipmentsChanged(changed: Map<string, string>): void {
    if (changed.size === 0) return;
    for (const [id, occurredAt] of changed) this.unread.set(id, occurredAt);
    this.countersDirty = true;
    this.startReread();
  }

  private startReread(): void {
    this.rereading ??= this.reread().finally(() => {
      this.rereading = null;
      // Changes that came in while the last read was finishing are not left waiting.
      if (this.unread.size > 0 && this.dataSource.isInitialized) this.startReread();
    });
  }

  private async reread(): Promise<void> {
    while (this.unread.size > 0) {
      const batch = this.unread;
      this.unread = new Map();
      try {
        const found = await ShipmentStore.findMany(this.dataSource, [...batch.keys()]);
        for (const [id, occurredAt] of batch) {
          const shipment = found.get(id);
          if (shipment) this.push(shipment.state, occurredAt);
        }
      } catch (error) {
        if (!this.dataSource.isInitialized) return;
        this.logger.warn(`re-reading ${batch.size} changed shipments failed: ${error}`);
      }
    }
  }

  private push(state: ShipmentState, occurredAt: string): void {
    const attributes = attributesOf(state);
    this.board.enqueue([
      {
        attributes,
        message: {
          type: 'shipment.update',
          data: {
            shipmentId: state.shipmentId,
            trackingNumber: state.trackingNumber,
            status: state.status,
            slaState: state.slaState,
            promisedBy: state.promisedBy,
            eta: state.eta,
            ...attributes,
            serviceLevel: state.serviceLevel,
            lastEventAt: state.lastEventAt,
          },
        },
      },
    ]);
    this.tracking.publish({
      trackingNumber: state.trackingNumber,
      status: state.status,
      ...(state.reasonCode ? { reasonCode: state.reasonCode as TrackingUpdate['reasonCode'] } : {}),
      eta: state.eta,
      promisedBy: state.promisedBy,
      delay: delayOf(state),
      occurredAt,
    });
  }

  shipmentRegistered(): void {
    this.countersDirty = true;
  }

  notificationChanged(notification: BoardNotification, attributes: BoardAttributes | null): void {
    this.board.enqueue([{ attributes: attributes ?? undefined, message: { type: 'notification.recorded', data: notification } }]);
  }

  /** The latest counters for a room's filters, as last counted. */
  counters(filters: BoardFilters): BoardCounters {
    return countersFor(this.groups, filters, new Date());
  }

  async refreshCounters(force = false): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (!force && !this.countersDirty) return;
    this.countersDirty = false;
    this.refreshing = (async () => {
      try {
        const now = new Date();
        const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
        const rows: Record<string, string | number>[] = await this.dataSource.query(
          `SELECT carrier, region, service_level AS "serviceLevel",
             count(*) FILTER (WHERE status NOT IN (${FINAL}))::int AS active,
             count(*) FILTER (WHERE status = 'out_for_delivery')::int AS "outForDelivery",
             count(*) FILTER (WHERE l.sla_state = 'at_risk' AND status NOT IN (${FINAL}))::int AS "atRisk",
             count(*) FILTER (WHERE l.breached_at >= $1)::int AS "breachedToday",
             count(*) FILTER (WHERE delivered_at >= $1)::int AS "deliveredToday",
             count(*) FILTER (WHERE delivered_at >= $1 AND COALESCE(l.judged_on_time, s.delivered_on_time))::int AS "onTimeToday"
           FROM notifications.shipments s JOIN notifications.shipment_sla l USING (shipment_id)
           WHERE status NOT IN (${FINAL}) OR delivered_at >= $1 OR l.breached_at >= $1
           GROUP BY 1, 2, 3`,
          [today],
        );
        this.groups = rows as unknown as CounterGroup[];
        this.board.enqueueCounters((filters) => this.counters(filters));
      } catch (error) {
        this.countersDirty = true;
        if (this.dataSource.isInitialized) throw error;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }
}
