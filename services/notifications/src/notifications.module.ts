import { DynamicModule, Module } from '@nestjs/common';
import { SERVICE_SETTINGS, serviceInfrastructure, ServiceInfrastructureSpec, ServiceSettings } from '@waybill/service-kit';
import { loadNotificationsConfig, NOTIFICATIONS_CONFIG, NotificationsConfig } from './config/notifications.config';
import { EmailChannel } from './delivery/email.channel';
import { ChannelRegistry, NOTIFICATION_CHANNELS } from './delivery/notification-channel';
import { NotificationDispatcher } from './delivery/notification-dispatcher';
import { SmsChannel } from './delivery/sms.channel';
import { WebhookChannel } from './delivery/webhook.channel';
import { NotificationsController } from './history/notifications.controller';
import { BoardGateway } from './live/board.gateway';
import { LivePush } from './live/live-push.service';
import { TrackingGateway } from './live/tracking.gateway';
import { CreateNotificationsTables1764320000003 } from './migrations/1764320000003-create-notifications-tables';
import { CreateDeliveryTables1764500000000 } from './migrations/1764500000000-create-delivery-tables';
import { NotificationsOutboxBatches1766000000003 } from './migrations/1766000000003-outbox-batches';
import { NOTIFICATION_RULES, NOTIFICATIONS } from './notifications.constants';
import { PreferencesController } from './preferences/preferences.controller';
import { PreferencesStore } from './preferences/preferences.store';
import { RecipientEntity } from './recipients/recipient.entity';
import { NotificationEventsConsumer } from './recording/notification-events.consumer';
import { NotificationRecorder } from './recording/notification-recorder';
import { DeferredEventsSweeper } from './recording/deferred-events.sweeper';
import { loadRules } from './rules/notification-rules';
import { WebhookSubscriptionsController } from './webhooks/webhook-subscriptions.controller';
import { WebhookSubscriptions } from './webhooks/webhook-subscriptions.service';
import { WEBHOOK_TARGETS, WebhookTargetPolicy } from './webhooks/webhook-targets';
import { allowPrivateWebhookTargets } from '@waybill/access';

/**
 * Customer notifications (email, SMS) and merchant webhooks, exactly once per (shipment, kind,
 * status version), and the live Socket.IO feeds `/board` and `/tracking`. Consumes
 * `waybill.shipments.v1`, `waybill.tracking.v1`, `waybill.sla.v1`; emits on
 * `waybill.notifications.v1`.
 */
@Module({})
export class NotificationsModule {
  static readonly serviceName = NOTIFICATIONS;

  /** Its schema, entities and committed migrations (also what `npm run db:migrate` runs). */
  static readonly database: ServiceInfrastructureSpec = {
    name: NOTIFICATIONS,
    schema: 'notifications',
    entities: [RecipientEntity],
    migrations: [
      CreateNotificationsTables1764320000003,
      CreateDeliveryTables1764500000000,
      NotificationsOutboxBatches1766000000003,
    ],
  };

  /** Reads its own environment (SMTP_URL, webhooks, SMS, board): a bad value throws, named. */
  static register(settings: ServiceSettings, config: NotificationsConfig = loadNotificationsConfig()): DynamicModule {
    const rules = loadRules(config.NOTIFICATION_RULES_FILE);
    const webhookTargets: WebhookTargetPolicy = { allowPrivate: allowPrivateWebhookTargets(config) };
    return {
      module: NotificationsModule,
      imports: serviceInfrastructure(settings, NotificationsModule.database),
      controllers: [NotificationsController, PreferencesController, WebhookSubscriptionsController],
      providers: [
        { provide: SERVICE_SETTINGS, useValue: settings },
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        { provide: NOTIFICATION_RULES, useValue: rules },
        {
          provide: NOTIFICATION_CHANNELS,
          inject: [WebhookSubscriptions],
          useFactory: (subscriptions: WebhookSubscriptions): ChannelRegistry => ({
            email: new EmailChannel({
              smtpUrl: config.SMTP_URL,
              from: config.SMTP_FROM,
              maxConnections: config.SMTP_MAX_CONNECTIONS,
              publicBaseUrl: settings.publicBaseUrl,
              optOutSecret: settings.trackingTokenSecret,
            }),
            webhook: new WebhookChannel(subscriptions, config.WEBHOOK_TIMEOUT_MS, webhookTargets),
            sms: new SmsChannel({
              providerUrl: config.SMS_PROVIDER_URL,
              token: config.SMS_PROVIDER_TOKEN,
              from: config.SMS_FROM,
              timeoutMs: config.WEBHOOK_TIMEOUT_MS,
            }),
          }),
        },
        WebhookSubscriptions,
        { provide: WEBHOOK_TARGETS, useValue: webhookTargets },
        PreferencesStore,
        LivePush,
        NotificationDispatcher,
        NotificationRecorder,
        NotificationEventsConsumer,
        DeferredEventsSweeper,
        BoardGateway,
        TrackingGateway,
      ],
    };
  }
}
