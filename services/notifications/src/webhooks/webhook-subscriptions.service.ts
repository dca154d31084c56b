import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { assertPublicWebhookTarget, WebhookTargetRefused } from '@waybill/access';
import { NOTIFICATIONS } from '../notifications.constants';
import { WEBHOOK_TARGETS, WebhookTargetPolicy } from './webhook-targets';
import { CreateSubscriptionRequest } from './webhook-requests';
import { newWebhookSecret } from './webhook-signature';
import { returnedRows } from '../notifications.sql';

export interface WebhookSubscription {
  id: string;
  url: string;
  eventTypes: string[];
  secret: string;
  description: string | null;
  status: 'active' | 'disabled';
  consecutiveFailures: number;
  disabledAt: string | null;
  disabledReason: string | null;
  createdAt: string;
}

const COLUMNS = `id, url, event_types AS "eventTypes", secret, description, status,
  consecutive_failures AS "consecutiveFailures", disabled_at AS "disabledAt",
  disabled_reason AS "disabledReason", created_at AS "createdAt"`;

/** How long a read of the subscriptions is reused; writes on this instance refresh it at once. */
const CACHE_MS = 2_000;

/** Merchant webhook subscriptions: one endpoint, the event types it wants, its signing secret. */
@Injectable()
export class WebhookSubscriptions {
  private cache: { at: number; all: WebhookSubscription[] } | null = null;

  constructor(
    @InjectDataSource(NOTIFICATIONS) private readonly dataSource: DataSource,
    @Inject(WEBHOOK_TARGETS) private readonly targets: WebhookTargetPolicy,
  ) {}

  async create(request: CreateSubscriptionRequest): Promise<WebhookSubscription> {
    try {
      await assertPublicWebhookTarget(request.url, this.targets);
    } catch (error) {
      if (!(error instanceof WebhookTargetRefused)) throw error;
      throw new BadRequestException({ statusCode: 400, message: 'Validation failed', errors: [{ field: 'url', reason: error.reason }] });
    }
    const [row] = await this.dataSource.query(
      `INSERT INTO notifications.webhook_subscriptions (id, url, event_types, secret, description, status)
       VALUES ($1, $2, $3, $4, $5, 'active') RETURNING ${COLUMNS}`,
      [randomUUID(), request.url, [...new Set(request.eventTypes)], newWebhookSecret(), request.description ?? null],
    );
    this.cache = null;
    return row;
  }

  async list(): Promise<WebhookSubscription[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM notifications.webhook_subscriptions ORDER BY created_at`);
  }

  async find(id: string): Promise<WebhookSubscription | null> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM notifications.webhook_subscriptions WHERE id = $1`, [id]);
    return row ?? null;
  }

  async get(id: string): Promise<WebhookSubscription> {
    const subscription = await this.find(id);
    if (!subscription) throw new NotFoundException({ statusCode: 404, message: 'subscription not found' });
    return subscription;
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE notifications.notifications SET status = 'failed', reason = 'subscription deleted', updated_at = now()
         WHERE subscription_id = $1 AND status = 'pending'`,
        [id],
      );
      await manager.query(`UPDATE notifications.webhook_subscriptions SET status = 'disabled', disabled_at = now(),
         disabled_reason = 'deleted' WHERE id = $1`, [id]);
    });
    this.cache = null;
  }

  /** Turns a disabled endpoint back on; its failure count starts again. */
  async enable(id: string): Promise<WebhookSubscription> {
    await this.get(id);
    const [row] = returnedRows<WebhookSubscription>(
      await this.dataSource.query(
        `UPDATE notifications.webhook_subscriptions SET status = 'active', consecutive_failures = 0,
           disabled_at = NULL, disabled_reason = NULL WHERE id = $1 RETURNING ${COLUMNS}`,
        [id],
      ),
    );
    this.cache = null;
    return row;
  }

  /** Active subscriptions for an event type, from a short-lived cache (read on every event). */
  async activeFor(eventType: string, manager: EntityManager): Promise<WebhookSubscription[]> {
    if (!this.cache || Date.now() - this.cache.at > CACHE_MS) {
      const all: WebhookSubscription[] = await manager.query(
        `SELECT ${COLUMNS} FROM notifications.webhook_subscriptions WHERE status = 'active'`,
      );
      this.cache = { at: Date.now(), all };
    }
    return this.cache.all.filter((s) => s.eventTypes.includes(eventType));
  }

  invalidate(): void {
    this.cache = null;
  }

  /** Every attempt made for this endpoint, newest first. */
  async deliveries(id: string, limit: number) {
    await this.get(id);
    return this.dataSource.query(
      `SELECT a.id::text AS "attemptId", a.notification_id AS "deliveryId", n.kind AS "eventType",
         n.shipment_id AS "shipmentId", a.attempt, a.outcome, a.response_status AS "responseStatus",
         a.error, a.duration_ms AS "durationMs", a.attempted_at AS "attemptedAt",
         n.status AS "deliveryStatus"
       FROM notifications.delivery_attempts a
       JOIN notifications.notifications n ON n.id = a.notification_id
       WHERE a.subscription_id = $1 ORDER BY a.id DESC LIMIT $2`,
      [id, limit],
    );
  }
}
