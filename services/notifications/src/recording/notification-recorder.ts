import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventEnvelope, newEvent, SuppressionReason } from '@waybill/contracts';
import { Outbox } from '@waybill/messaging';
import { SERVICE_SETTINGS, ServiceSettings, trackingTokenFor } from '@waybill/service-kit';
import { ChannelRegistry, NOTIFICATION_CHANNELS } from '../delivery/notification-channel';
import { NotificationDispatcher } from '../delivery/notification-dispatcher';
import { AfterCommit } from '../live/after-commit';
import { LivePush } from '../live/live-push.service';
import { NOTIFICATION_RULES, NOTIFICATIONS } from '../notifications.constants';
import { PreferencesStore } from '../preferences/preferences.store';
import { addressKey, optOutUrl } from '../preferences/opt-out-token';
import { suppressionFor } from '../preferences/suppression';
import { decideNotifications, NotificationDecision, versionOf } from '../rules/decide-notifications';
import { CustomerChannel, NotificationRule } from '../rules/notification-rules';
import { applyEvent, ShipmentState, TriggerEvent } from '../shipments/shipment-state';
import { ShipmentStore } from '../shipments/shipment-store';
import { renderMessage } from '../templates/render-message';
import { WebhookSubscriptions } from '../webhooks/webhook-subscriptions.service';
import { returnedRows } from '../notifications.sql';

interface Recipient {
  name: string;
  email: string | null;
  phone: string | null;
  locale: string;
}

interface NewNotification {
  dedupeKey: string;
  shipmentId: string;
  kind: string;
  channel: 'email' | 'sms' | 'webhook';
  target: string;
  subscriptionId: string | null;
  locale: string | null;
  subject: string | null;
  body: string;
  html: string | null;
  status: 'pending' | 'suppressed' | 'recorded';
  reason: SuppressionReason | null;
  sourceEventId: string;
}

/** Inside the consumer's transaction: shipment state, then one row per notification due. */
@Injectable()
export class NotificationRecorder {
  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
    @Inject(NOTIFICATION_RULES) private readonly rules: NotificationRule[],
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: ChannelRegistry,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly preferences: PreferencesStore,
    private readonly live: LivePush,
    private readonly dispatcher: NotificationDispatcher,
    private readonly afterCommit: AfterCommit,
  ) {}

  async onShipmentCreated(event: EventEnvelope<'shipment.created'>, manager: EntityManager): Promise<void> {
    const { recipient, trackingNumber } = event.payload;
    await manager.query(
      `INSERT INTO notifications.recipients (shipment_id, tracking_number, name, email, phone, locale, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (shipment_id) DO NOTHING`,
      [event.shipmentId, trackingNumber, recipient.name, recipient.email ?? null, recipient.phone ?? null, recipient.locale, event.occurredAt],
    );
    if (!(await ShipmentStore.register(manager, event))) return;
    this.afterCommit.add(manager, () => this.live.shipmentRegistered());
    await this.replayDeferred(manager, event.shipmentId);
  }

  /**
   * Runs, in order, the tracking and SLA events that arrived before the shipment or behind
   * other waiting events. Called with shipment.created and by DeferredEventsSweeper, which
   * catches events whose insert raced with the shipment's.
   */
  async replayDeferred(manager: EntityManager, shipmentId: string): Promise<number> {
    const deferred = returnedRows<{ event: TriggerEvent }>(
      await manager.query(`DELETE FROM notifications.deferred_events WHERE shipment_id = $1 RETURNING event`, [shipmentId]),
    );
    const ordered = deferred.map((d) => d.event).sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
    for (const early of ordered) await this.onTrigger(early, manager);
    return ordered.length;
  }

  async onShipmentUpdated(event: EventEnvelope<'shipment.updated'>, manager: EntityManager): Promise<void> {
    const { recipient } = event.payload;
    if (!recipient) return;
    await manager.query(
      `UPDATE notifications.recipients SET name = $2, email = $3, phone = $4, locale = $5 WHERE shipment_id = $1`,
      [event.shipmentId, recipient.name, recipient.email ?? null, recipient.phone ?? null, recipient.locale],
    );
  }

  async onTrigger(event: TriggerEvent, manager: EntityManager): Promise<void> {
    const found = await ShipmentStore.find(manager, event.shipmentId);
    // Unknown yet (shipment.created is on another topic), or earlier events still wait: wait too,
    // so one shipment's events are applied in order. Row locks are avoided on purpose: a tracking
    // batch and an SLA batch each hold many shipments, and locking both ways would deadlock.
    if (!found || found.hasDeferred) {
      await manager.query(
        `INSERT INTO notifications.deferred_events (event_id, shipment_id, event) VALUES ($1, $2, $3)
         ON CONFLICT (event_id) DO NOTHING`,
        [event.id, event.shipmentId, JSON.stringify(event)],
      );
      return;
    }
    const before = found.state;
    const { state, stale } = applyEvent(before, event);
    if (!stale && event.type.startsWith('tracking.')) await ShipmentStore.saveTracking(manager, state);
    if (!stale && event.type.startsWith('sla.')) {
      const judged = event.type === 'sla.met' ? true : event.type === 'sla.delivered_late' ? false : null;
      await ShipmentStore.saveSla(manager, state, judged);
    }

    const recorded: NewNotification[] = [];
    const decisions = decideNotifications(event, state, this.rules, stale);
    if (decisions.length > 0) {
      const [recipient]: Recipient[] = await manager.query(
        `SELECT name, email, phone, locale FROM notifications.recipients WHERE shipment_id = $1`,
        [event.shipmentId],
      );
      if (recipient) {
        for (const decision of decisions) {
          for (const channel of decision.channels) {
            const notification = await this.customerNotification(manager, event, state, recipient, decision, channel);
            if (notification) recorded.push(notification);
          }
        }
      }
    }
    if (!stale) {
      for (const subscription of await this.subscriptions.activeFor(event.type, manager)) {
        recorded.push(this.webhookNotification(event, state, subscription.id));
      }
    }

    const written = await this.insert(manager, recorded);
    this.afterCommit.add(manager, () => {
      if (!stale) this.live.shipmentChanged(event, before, state);
      for (const n of written) {
        if (n.channel === 'webhook') continue;
        this.live.notificationChanged(
          {
            notificationId: n.id,
            shipmentId: n.shipmentId,
            trackingNumber: state.trackingNumber,
            kind: n.kind,
            channel: n.channel,
            status: n.duplicate ? 'suppressed' : n.status,
            reason: n.duplicate ? 'duplicate' : n.reason,
            at: new Date().toISOString(),
          },
          { carrier: state.carrier, region: state.region, serviceLevel: state.serviceLevel },
        );
      }
      if (written.some((n) => n.status === 'pending' && !n.duplicate)) this.dispatcher.nudge();
    });
  }

  private async customerNotification(
    manager: EntityManager,
    event: TriggerEvent,
    state: ShipmentState,
    recipient: Recipient,
    decision: NotificationDecision,
    channel: CustomerChannel,
  ): Promise<NewNotification | null> {
    const target = channel === 'email' ? recipient.email : recipient.phone;
    if (!target) return null;
    const preferences = await this.preferences.find(manager, addressKey(target));
    const suppression = suppressionFor({
      kind: decision.kind,
      respectQuietHours: decision.respectQuietHours,
      preferences,
      now: new Date(),
      destinationTimeZone: state.timeZone,
    });
    const token = trackingTokenFor(state.trackingNumber, this.settings.trackingTokenSecret);
    const message = renderMessage({
      kind: decision.kind,
      locale: recipient.locale,
      name: recipient.name,
      trackingNumber: state.trackingNumber,
      trackingUrl: `${this.settings.publicBaseUrl}/t/${state.trackingNumber}?token=${token}`,
      optOutUrl: optOutUrl(this.settings.publicBaseUrl, target, this.settings.trackingTokenSecret),
      promisedBy: state.promisedBy,
      eta: state.eta,
      deliveredAt: state.deliveredAt,
      reasonCode: state.reasonCode,
      late: decision.late,
      timeZone: state.timeZone,
    });
    const configured = this.channels[channel].configured;
    return {
      dedupeKey: `${channel}:${event.shipmentId}:${decision.kind}:${decision.version}`,
      shipmentId: event.shipmentId,
      kind: decision.kind,
      channel,
      target: channel === 'email' ? target : addressKey(target),
      subscriptionId: null,
      locale: message.locale,
      subject: channel === 'email' ? message.subject : null,
      body: channel === 'email' ? message.text : message.sms,
      html: channel === 'email' ? message.html : null,
      status: suppression ? 'suppressed' : configured ? 'pending' : 'recorded',
      reason: suppression ?? (configured ? null : 'channel_not_configured'),
      sourceEventId: event.id,
    };
  }

  private webhookNotification(event: TriggerEvent, state: ShipmentState, subscriptionId: string): NewNotification {
    const id = randomUUID();
    return {
      dedupeKey: `webhook:${subscriptionId}:${event.shipmentId}:${event.type}:${versionOf(event)}`,
      shipmentId: event.shipmentId,
      kind: event.type,
      channel: 'webhook',
      target: subscriptionId,
      subscriptionId,
      locale: null,
      subject: null,
      // The body is fixed here so every retry sends the same bytes (only the signature is fresh).
      body: JSON.stringify({
        id,
        type: event.type,
        eventId: event.id,
        shipmentId: event.shipmentId,
        trackingNumber: state.trackingNumber,
        occurredAt: event.occurredAt,
        data: event.payload,
      }),
      html: null,
      status: 'pending',
      reason: null,
      sourceEventId: event.id,
    };
  }

  /**
   * Inserts each notification unless its dedupe key exists; a duplicate only bumps the
   * existing row's count. Every outcome other than "pending" is announced on the outbox.
   */
  private async insert(manager: EntityManager, notifications: NewNotification[]) {
    const written: (NewNotification & { id: string; duplicate: boolean })[] = [];
    const events = [];
    for (const n of notifications) {
      const id = n.channel === 'webhook' ? (JSON.parse(n.body) as { id: string }).id : randomUUID();
      const inserted = await manager.query(
        `INSERT INTO notifications.notifications (id, dedupe_key, shipment_id, kind, channel, target, subscription_id,
           locale, subject, body, html, status, reason, next_attempt_at, source_event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, CASE WHEN $12 = 'pending' THEN now() END, $14)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
        [id, n.dedupeKey, n.shipmentId, n.kind, n.channel, n.target, n.subscriptionId, n.locale, n.subject, n.body, n.html, n.status, n.reason, n.sourceEventId],
      );
      if (inserted.length === 0) {
        const [existing] = returnedRows<{ id: string }>(await manager.query(
          `UPDATE notifications.notifications SET duplicates = duplicates + 1, updated_at = now()
           WHERE dedupe_key = $1 RETURNING id`,
          [n.dedupeKey],
        ));
        written.push({ ...n, id: existing.id, duplicate: true });
        events.push(this.outcome('notification.suppressed', n, existing.id, 'duplicate'));
        continue;
      }
      written.push({ ...n, id, duplicate: false });
      if (n.status !== 'pending') events.push(this.outcome('notification.suppressed', n, id, n.reason!));
    }
    await this.outbox.addEvents(manager, events);
    return written;
  }

  private outcome(type: 'notification.suppressed', n: NewNotification, id: string, reason: string) {
    return newEvent(type, n.shipmentId, { notificationId: id, channel: n.channel, kind: n.kind, reason }, { source: NOTIFICATIONS });
  }
}
