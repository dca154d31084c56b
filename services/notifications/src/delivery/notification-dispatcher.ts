import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { newEvent } from '@waybill/contracts';
import { Outbox } from '@waybill/messaging';
import { counter, histogram } from '@waybill/service-kit';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../config/notifications.config';
import { LivePush } from '../live/live-push.service';
import { NOTIFICATIONS } from '../notifications.constants';
import { WebhookSubscriptions } from '../webhooks/webhook-subscriptions.service';
import { BackoffPolicy, nextRetryDelay } from './backoff';
import { ChannelRegistry, Deliverable, DeliveryResult, NOTIFICATION_CHANNELS } from './notification-channel';
import { returnedRows } from '../notifications.sql';

const sentTotal = counter('waybill_notifications_sent_total', 'Notifications delivered', ['channel']);
const failedAttempts = counter('waybill_notification_attempts_failed_total', 'Failed delivery attempts', ['channel']);
const sendSeconds = histogram('waybill_notification_send_seconds', 'Time to deliver one notification', ['channel'], [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

const CLAIM_BATCH = 100;

/**
 * Delivers pending notifications after the transaction that recorded them has committed.
 * A batch is claimed (attempts + 1, a lease) in its own short transaction, sent outside any
 * transaction, and each outcome recorded with its attempt row and outbox event. A crash
 * between send and record re-sends after the lease: the notification id travels as Message-ID,
 * Idempotency-Key or Waybill-Delivery-Id so receivers can drop that rare copy.
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('notification-dispatcher');
  private readonly backoff: BackoffPolicy;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private active: Promise<void> | null = null;
  private again = false;

  constructor(
    @InjectDataSource(NOTIFICATIONS) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: ChannelRegistry,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly live: LivePush,
  ) {
    this.backoff = {
      baseMs: config.NOTIFY_RETRY_BASE_MS,
      maxMs: config.NOTIFY_RETRY_MAX_MS,
      maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
    };
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.active;
    await Promise.all(Object.values(this.channels).map((channel) => channel.close?.()));
  }

  /** Called after a commit that recorded pending notifications. */
  nudge(): void {
    if (!this.running) return;
    if (this.active) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.active) return;
    let claimed = 0;
    this.active = (async () => {
      try {
        claimed = await this.dispatchDue();
      } catch (error) {
        if (this.running) this.logger.error(`dispatch failed: ${error}`);
      }
    })();
    await this.active;
    this.active = null;
    const again = this.again || claimed >= CLAIM_BATCH;
    this.again = false;
    this.schedule(again ? 0 : this.config.NOTIFY_DISPATCH_POLL_MS);
  }

  /** Claims one batch of due notifications and delivers it; returns how many were claimed. */
  async dispatchDue(): Promise<number> {
    const leaseMs = this.config.WEBHOOK_TIMEOUT_MS * 2 + 60_000;
    const claimed = returnedRows<Deliverable>(await this.dataSource.query(
      `UPDATE notifications.notifications SET attempts = attempts + 1, updated_at = now(),
         claimed_until = now() + ($2 || ' milliseconds')::interval
       WHERE id IN (
         SELECT id FROM notifications.notifications
         WHERE status = 'pending' AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, shipment_id AS "shipmentId", channel, kind, target, subscription_id AS "subscriptionId",
         subject, body, html, attempts AS attempt`,
      [CLAIM_BATCH, String(leaseMs)],
    ));
    const queue = [...claimed];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await this.deliver(next);
    };
    await Promise.all(Array.from({ length: Math.min(this.config.NOTIFY_SEND_CONCURRENCY, queue.length) }, worker));
    return claimed.length;
  }

  private async deliver(notification: Deliverable): Promise<void> {
    const started = Date.now();
    let result: DeliveryResult;
    try {
      result = await this.channels[notification.channel].send(notification);
    } catch (error) {
      result = { ok: false, error: String(error) };
    }
    const durationMs = Date.now() - started;
    sendSeconds.observe({ channel: notification.channel }, durationMs / 1000);
    if (result.ok) sentTotal.inc({ channel: notification.channel });
    else failedAttempts.inc({ channel: notification.channel });
    try {
      await this.record(notification, result, durationMs);
    } catch (error) {
      // The lease runs out and the notification is tried again.
      this.logger.error(`could not record the outcome of ${notification.id}: ${error}`);
    }
  }

  private async record(n: Deliverable, result: DeliveryResult, durationMs: number): Promise<void> {
    let change: { status: 'sent' | 'failed'; reason: string | null } | null = null;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO notifications.delivery_attempts (notification_id, subscription_id, channel, attempt, outcome,
           response_status, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [n.id, n.subscriptionId, n.channel, n.attempt, result.ok ? 'sent' : 'failed', result.responseStatus ?? null, result.error ?? null, durationMs],
      );
      if (result.ok) {
        await manager.query(
          `UPDATE notifications.notifications SET status = 'sent', sent_at = now(), reason = NULL,
             claimed_until = NULL, updated_at = now() WHERE id = $1`,
          [n.id],
        );
        if (n.subscriptionId) {
          await manager.query(`UPDATE notifications.webhook_subscriptions SET consecutive_failures = 0 WHERE id = $1`, [
            n.subscriptionId,
          ]);
        }
        await this.outbox.addEvents(manager, [this.outcome('notification.sent', n, undefined)]);
        change = { status: 'sent', reason: null };
        return;
      }
      const delay = result.permanent ? null : nextRetryDelay(this.backoff, n.attempt);
      if (delay === null) {
        await this.fail(manager, n, result.error ?? 'failed');
        change = { status: 'failed', reason: result.error ?? 'failed' };
      } else {
        await manager.query(
          `UPDATE notifications.notifications SET reason = $2, claimed_until = NULL, updated_at = now(),
             next_attempt_at = now() + ($3 || ' milliseconds')::interval WHERE id = $1`,
          [n.id, result.error ?? null, String(delay)],
        );
      }
      if (n.subscriptionId) await this.countEndpointFailure(manager, n.subscriptionId);
    });
    if (change && n.channel !== 'webhook') void this.announce(n, change);
  }

  /** Tells the board a customer notification went out or gave up, in the rooms of its shipment. */
  private async announce(n: Deliverable, change: { status: 'sent' | 'failed'; reason: string | null }): Promise<void> {
    const [shipment] = await this.dataSource
      .query(
        `SELECT tracking_number AS "trackingNumber", carrier, region, service_level AS "serviceLevel"
         FROM notifications.shipments WHERE shipment_id = $1`,
        [n.shipmentId],
      )
      .catch(() => []);
    if (!shipment) return;
    this.live.notificationChanged(
      {
        notificationId: n.id,
        shipmentId: n.shipmentId,
        trackingNumber: shipment.trackingNumber,
        kind: n.kind,
        channel: n.channel,
        status: change.status,
        reason: change.reason,
        at: new Date().toISOString(),
      },
      { carrier: shipment.carrier, region: shipment.region, serviceLevel: shipment.serviceLevel },
    );
  }

  private async fail(manager: EntityManager, n: Pick<Deliverable, 'id' | 'shipmentId' | 'channel' | 'kind' | 'attempt'>, reason: string) {
    await manager.query(
      `UPDATE notifications.notifications SET status = 'failed', reason = $2, claimed_until = NULL, updated_at = now()
       WHERE id = $1`,
      [n.id, reason],
    );
    await this.outbox.addEvents(manager, [this.outcome('notification.failed', n, reason)]);
  }

  /** Disables an endpoint after too many failures in a row, and fails what was waiting for it. */
  private async countEndpointFailure(manager: EntityManager, subscriptionId: string): Promise<void> {
    const [subscription] = returnedRows<{ failures: number; status: string }>(await manager.query(
      `UPDATE notifications.webhook_subscriptions SET consecutive_failures = consecutive_failures + 1
       WHERE id = $1 RETURNING consecutive_failures AS failures, status`,
      [subscriptionId],
    ));
    if (!subscription || subscription.status !== 'active' || subscription.failures < this.config.WEBHOOK_DISABLE_AFTER_FAILURES) {
      return;
    }
    const reason = `endpoint disabled after ${subscription.failures} consecutive failures`;
    await manager.query(
      `UPDATE notifications.webhook_subscriptions SET status = 'disabled', disabled_at = now(), disabled_reason = $2 WHERE id = $1`,
      [subscriptionId, reason],
    );
    this.subscriptions.invalidate();
    this.logger.warn(`webhook subscription ${subscriptionId}: ${reason}`);
    const waiting: Deliverable[] = await manager.query(
      `SELECT id, shipment_id AS "shipmentId", channel, kind, attempts AS attempt FROM notifications.notifications
       WHERE subscription_id = $1 AND status = 'pending' FOR UPDATE`,
      [subscriptionId],
    );
    for (const n of waiting) await this.fail(manager, n, reason);
  }

  private outcome(type: 'notification.sent' | 'notification.failed', n: Pick<Deliverable, 'id' | 'shipmentId' | 'channel' | 'kind' | 'attempt'>, reason: string | undefined) {
    return newEvent(
      type,
      n.shipmentId,
      { notificationId: n.id, channel: n.channel, kind: n.kind, attempts: n.attempt, ...(reason ? { reason: reason.slice(0, 500) } : {}) },
      { source: NOTIFICATIONS },
    );
  }
}
