import { DynamicModule } from '@nestjs/common';
import { MixedList } from 'typeorm';
import { MessagingModule } from '@waybill/messaging';
import { serviceDatabase } from '../database/database';
import { ServiceSettings } from './service-settings';

export interface ServiceInfrastructureSpec {
  /** Service name: its TypeORM connection and its consumer groups (`waybill.<name>`). */
  name: string;
  /** Its own Postgres schema, holding its tables, outbox and inbox. */
  schema: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
}

/** What every service stands on: its database connection (migrated at start) and its messaging. */
export function serviceInfrastructure(settings: ServiceSettings, spec: ServiceInfrastructureSpec): DynamicModule[] {
  return [
    serviceDatabase({
      name: spec.name,
      schema: spec.schema,
      url: settings.databaseUrl,
      entities: spec.entities,
      migrations: spec.migrations,
    }),
    MessagingModule.forService({
      service: spec.name,
      schema: spec.schema,
      connection: spec.name,
      pollIntervalMs: settings.outboxPollMs,
    }),
  ];
}
