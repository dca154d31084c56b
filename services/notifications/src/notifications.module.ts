import { DynamicModule, Module } from '@nestjs/common';
import { serviceInfrastructure, ServiceSettings } from '@waybill/service-kit';
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
      imports: serviceInfrastructure(settings, {
        name: NOTIFICATIONS,
        schema: 'notifications',
        entities: [RecipientEntity],
        migrations: [CreateNotificationsTables1764320000003],
      }),
      providers: [RecipientsConsumer],
    };
  }
}
