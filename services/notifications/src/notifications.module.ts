import { DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@waybill/messaging';
import { serviceDatabase, ServiceSettings } from '@waybill/service-kit';
import { CreateNotificationsTables1764320000003 } from './migrations/1764320000003-create-notifications-tables';
import { RecipientEntity } from './recipients/recipient.entity';
import { NOTIFICATIONS, RecipientsConsumer } from './recipients/recipients.consumer';

/** Customer notifications and live push; emits on `waybill.notifications.v1`. */
@Module({})
export class NotificationsModule {
  static readonly serviceName = NOTIFICATIONS;

  static register(settings: ServiceSettings): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [
        serviceDatabase({
          name: NOTIFICATIONS,
          schema: 'notifications',
          url: settings.databaseUrl,
          entities: [RecipientEntity],
          migrations: [CreateNotificationsTables1764320000003],
        }),
        MessagingModule.forService({
          service: NOTIFICATIONS,
          schema: 'notifications',
          connection: NOTIFICATIONS,
          pollIntervalMs: settings.outboxPollMs,
        }),
      ],
      providers: [RecipientsConsumer],
    };
  }
}
