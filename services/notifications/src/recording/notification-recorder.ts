import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventEnvelope, newEvent, SuppressionReason } from '@waybill/contracts';
import { Outbox } from '@waybill/messaging';
import { SERVICE_SETTINGS, ServiceSettings, trackingLinkOf } from '@waybill/service-kit';
import { ChannelRegistry, NOTIFICATION_CHANNELS } from '../delivery/notification-channel';
import { NotificationDispatcher } from '../delivery/notification-dispatcher';
import { LivePush } from '../live/live-push.service';
import { NOTIFICATION_RULES, NOTIFICATIONS } from '../notifications.constants';
import { PreferencesStore } from '../preferences/preferences.store';
import { addressKey, optOutUrl, preferencesUrl } from '../preferences/opt-out-token';
import { RecipientPreferences, suppressionFor } from '../preferences/suppression';
import { decideNotifications, NotificationDecision, versionOf } from '../rules/decide-notifications';
import { CustomerChannel, NotificationRule } from '../rules/notification-rules';
import { applyEvent, ShipmentState, TriggerEvent } from '../shipments/shipment-state';
import { Recipient, ShipmentStore } from '../shipments/shipment-store';
import { renderMessage } from '../templates/render-message';
import { WebhookSubscriptions } from '../webhooks/webhook-subscriptions.service';
import { returnedRows } from '../notifications.sql';

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

/** Work to run once the recording transaction has committed (live pushes, the dispatcher's wake-up). */
export type AfterCommitWork = () => void;

const nothing: AfterCommitWork = () => undefined;

/** One trigger event folded into its shipment's state, with what the rules decided. */
interface Applied {
  event: TriggerEvent;
  before: ShipmentState;
  state: ShipmentState;
  stale: boolean;
  decisions: NotificationDecision[];
  recipient: Recipient | null;
}

type Written = NewNotification & { id: string; duplicate: boolean };

/**
 * Inside the consumer's transaction: shipment state, then one row per notification due. Works
 * on a whole chunk of events at once (one read of the shipments, one of the preferences, one
 * write per table), and hands back what to announce once the transaction has committed, so a
 * rolled-back chunk (or savepoint) announces nothing.
 */
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
  ) {}

  async onShipmentCreated(event: EventEnvelope<'shipment.created'>, manager: EntityManager): Promise<AfterCommitWork> {
    const { recipient, trackingNumber } = event.payload;
    await manager.query(
      `INSERT INTO notifications.recipients (shipment_id, tracking_number, name, email, phone, locale, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (shipment_id) DO NOTHING`,
      [event.shipmentId, trackingNumber, recipient.name, recipient.email ?? null, recipient.phone ?? null, recipient.locale, event.occurredAt],
    );
    if (!(await ShipmentStore.register(manager, event))) return nothing;
    const replayed = await this.replayDeferred(manager, event.shipmentId);
    return () => {
      this.live.shipmentRegistered();
      replayed.afterCommit();
    };
  }

  /**
   * Runs, in order, the tracking and SLA events that arrived before the shipment or behind
   * other waiting events. Called with shipment.created and by DeferredEventsSweeper, which
   * catches events whose insert raced with the shipment's.
   */
  async replayDeferred(manager: EntityManager, shipmentId: string): Promise<{ afterCommit: AfterCommitWork }> {
    const deferred = returnedRows<{ event: TriggerEvent }>(
      await manager.query(`DELETE FROM notifications.deferred_events WHERE shipment_id = $1 RETURNING event`, [shipmentId]),
    );
    if (deferred.length === 0) return { afterCommit: nothing };
    const ordered = deferred.map((d) => d.event).sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
    return { afterCommit: (await this.recordTriggers(ordered, manager)).afterCommit };
  }

  async onShipmentUpdated(event: EventEnvelope<'shipment.updated'>, manager: EntityManager): Promise<void> {
    const { recipient } = event.payload;
    if (!recipient) return;
    await manager.query(
      `UPDATE notifications.recipients SET name = $2, email = $3, phone = $4, locale = $5 WHERE shipment_id = $1`,
      [event.shipmentId, recipient.name, recipient.email ?? null, recipient.phone ?? null, recipient.locale],
    );
  }

  /**
   * Tracking and SLA events, in the order they came (per shipment, the partition's order). Each
   * shipment is read once; its events are folded one after the other in memory.
   */
  async recordTriggers(events: TriggerEvent[], manager: EntityManager): Promise<{ afterCommit: AfterCommitWork; deferred: number }> {
    if (events.length === 0) return { afterCommit: nothing, deferred: 0 };
    const stored = await ShipmentStore.findMany(manager, [...new Set(events.map((e) => e.shipmentId))]);
    const toDefer: TriggerEvent[] = [];
    const applied: Applied[] = [];
    const trackingChanged = new Set<string>();
    const slaJudged = new Map<string, boolean | null>();
    for (const event of events) {
      const shipment = stored.get(event.shipmentId);
      // Unknown yet (shipment.created is on another topic), or earlier events still wait: wait too,
      // so one shipment's events are applied in order. Row locks are avoided on purpose: a tracking
      // batch and an SLA batch each hold many shipments, and locking both ways would deadlock.
      if (!shipment || shipment.hasDeferred) {
        toDefer.push(event);
        continue;
      }
      const before = shipment.state;
      const { state, stale } = applyEvent(before, event);
      if (!stale) {
        shipment.state = state;
        if (event.type.startsWith('tracking.')) trackingChanged.add(event.shipmentId);
        if (event.type.startsWith('sla.')) {
          const judged = event.type === 'sla.met' ? true : event.type === 'sla.delivered_late' ? false : null;
          slaJudged.set(event.shipmentId, judged ?? slaJudged.get(event.shipmentId) ?? null);
        }
      }
      const decisions = decideNotifications(event, state, this.rules, stale);
      applied.push({ event, before, state, stale, decisions, recipient: shipment.recipient });
    }

    await this.defer(manager, toDefer);
    const latest = (id: string) => stored.get(id)!.state;
    await ShipmentStore.saveTrackingMany(manager, [...trackingChanged].map(latest));
    await ShipmentStore.saveSlaMany(
      manager,
      [...slaJudged].map(([id, judgedOnTime]) => ({ state: latest(id), judgedOnTime })),
    );

    const recorded = await this.notificationsFor(applied, manager);
    const written = await this.insert(manager, recorded);
    return { afterCommit: () => this.announce(applied, written, latest), deferred: toDefer.length };
  }

  /** After the commit: alerts and notifications to the board, changed rows re-read and pushed, the dispatcher woken. */
  private announce(applied: Applied[], written: Written[], latest: (id: string) => ShipmentState): void {
    const changed = new Map<string, string>();
    for (const a of applied) {
      if (a.stale) continue;
      this.live.alert(a.event, a.before, a.state);
      changed.set(a.event.shipmentId, a.event.occurredAt);
    }
    this.live.shipmentsChanged(changed);
    for (const n of written) {
      if (n.channel === 'webhook') continue;
      const state = latest(n.shipmentId);
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
  }

  private async defer(manager: EntityManager, events: TriggerEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO notifications.deferred_events (event_id, shipment_id, event)
       SELECT id, shipment_id, event::jsonb FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS v(id, shipment_id, event)
       ON CONFLICT (event_id) DO NOTHING`,
      [events.map((e) => e.id), events.map((e) => e.shipmentId), events.map((e) => JSON.stringify(e))],
    );
  }

  /** Customer messages the decisions call for (preferences read once for the chunk), then webhooks. */
  private async notificationsFor(applied: Applied[], manager: EntityManager): Promise<NewNotification[]> {
    const targetOf = (recipient: Recipient, channel: CustomerChannel) => (channel === 'email' ? recipient.email : recipient.phone);
    const addresses: string[] = [];
    for (const a of applied) {
      if (!a.recipient) continue;
      for (const decision of a.decisions) {
        for (const channel of decision.channels) {
          const target = targetOf(a.recipient, channel);
          if (target) addresses.push(addressKey(target));
        }
      }
    }
    const preferences = await this.preferences.findMany(manager, addresses);
    const recorded: NewNotification[] = [];
    for (const a of applied) {
      if (a.recipient) {
        for (const decision of a.decisions) {
          for (const channel of decision.channels) {
            const target = targetOf(a.recipient, channel);
            if (!target) continue;
            const prefs = preferences.get(addressKey(target)) ?? null;
            recorded.push(this.customerNotification(a.event, a.state, a.recipient, decision, channel, target, prefs));
          }
        }
      }
      if (!a.stale) {
        for (const subscription of await this.subscriptions.activeFor(a.event.type, manager)) {
          recorded.push(this.webhookNotification(a.event, a.state, subscription.id));
        }
      }
    }
    return recorded;
  }

  private customerNotification(
    event: TriggerEvent,
    state: ShipmentState,
    recipient: Recipient,
    decision: NotificationDecision,
    channel: CustomerChannel,
    target: string,
    preferences: RecipientPreferences | null,
  ): NewNotification {
    const suppression = suppressionFor({
      kind: decision.kind,
      respectQuietHours: decision.respectQuietHours,
      preferences,
      now: new Date(),
      destinationTimeZone: state.timeZone,
    });
    const { trackingUrl } = trackingLinkOf(state.trackingNumber, this.settings);
    const message = renderMessage({
      kind: decision.kind,
      locale: recipient.locale,
      name: recipient.name,
      trackingNumber: state.trackingNumber,
      trackingUrl,
      optOutUrl: optOutUrl(this.settings.publicBaseUrl, target, this.settings.trackingTokenSecret),
      preferencesUrl: preferencesUrl(trackingUrl, target, this.settings.trackingTokenSecret),
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
   * Inserts each notification unless its dedupe key exists (one multi-row statement); a
   * duplicate, in the table or earlier in this chunk, only bumps the existing row's count.
   * Every outcome other than "pending" is announced on the outbox.
   */
  private async insert(manager: EntityManager, notifications: NewNotification[]): Promise<Written[]> {
    if (notifications.length === 0) return [];
    const withIds = notifications.map((n) => ({
      ...n,
      id: n.channel === 'webhook' ? (JSON.parse(n.body) as { id: string }).id : randomUUID(),
    }));
    const first = new Map<string, (typeof withIds)[number]>();
    for (const n of withIds) if (!first.has(n.dedupeKey)) first.set(n.dedupeKey, n);
    const candidates = [...first.values()];
    const column = <K extends keyof (typeof withIds)[number]>(key: K) => candidates.map((n) => n[key]);
    const inserted = new Set(
      returnedRows<{ dedupe_key: string }>(
        await manager.query(
          `INSERT INTO notifications.notifications (id, dedupe_key, shipment_id, kind, channel, target, subscription_id,
             locale, subject, body, html, status, reason, next_attempt_at, source_event_id)
           SELECT id, dedupe_key, shipment_id, kind, channel, target, subscription_id, locale, subject, body, html, status,
             reason, CASE WHEN status = 'pending' THEN now() END, source_event_id
           FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[],
             $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::uuid[])
             AS v(id, dedupe_key, shipment_id, kind, channel, target, subscription_id, locale, subject, body, html, status,
               reason, source_event_id)
           ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key`,
          [
            column('id'), column('dedupeKey'), column('shipmentId'), column('kind'), column('channel'), column('target'),
            column('subscriptionId'), column('locale'), column('subject'), column('body'), column('html'), column('status'),
            column('reason'), column('sourceEventId'),
          ],
        ),
      ).map((row) => row.dedupe_key),
    );

    const isNew = (n: (typeof withIds)[number]) => first.get(n.dedupeKey) === n && inserted.has(n.dedupeKey);
    const duplicates = new Map<string, number>();
    for (const n of withIds) if (!isNew(n)) duplicates.set(n.dedupeKey, (duplicates.get(n.dedupeKey) ?? 0) + 1);
    const existingIds = new Map<string, string>();
    if (duplicates.size > 0) {
      const rows = returnedRows<{ id: string; dedupe_key: string }>(
        await manager.query(
          `UPDATE notifications.notifications n SET duplicates = n.duplicates + v.count, updated_at = now()
           FROM unnest($1::text[], $2::int[]) AS v(dedupe_key, count)
           WHERE n.dedupe_key = v.dedupe_key RETURNING n.id, n.dedupe_key`,
          [[...duplicates.keys()], [...duplicates.values()]],
        ),
      );
      for (const row of rows) existingIds.set(row.dedupe_key, row.id);
    }

    const written: Written[] = [];
    const events = [];
    for (const n of withIds) {
      if (isNew(n)) {
        written.push({ ...n, duplicate: false });
        if (n.status !== 'pending') events.push(this.outcome('notification.suppressed', n, n.id, n.reason!));
        continue;
      }
      const id = existingIds.get(n.dedupeKey)!;
      written.push({ ...n, id, duplicate: true });
      events.push(this.outcome('notification.suppressed', n, id, 'duplicate'));
    }
    await this.outbox.addEvents(manager, events);
    return written;
  }

  private outcome(type: 'notification.suppressed', n: NewNotification, id: string, reason: string) {
    return newEvent(type, n.shipmentId, { notificationId: id, channel: n.channel, kind: n.kind, reason }, { source: NOTIFICATIONS });
  }
}
