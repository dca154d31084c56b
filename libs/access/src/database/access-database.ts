import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { dataSourceOptions, ensureSchema } from '@waybill/service-kit';
import { ACCESS } from '../access.constants';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { CreateAccessTables1764600000000 } from '../migrations/1764600000000-create-access-tables';
import { NotifyApiKeyChanges1764700000000 } from '../migrations/1764700000000-notify-api-key-changes';
import { StaffUserEntity } from '../users/staff-user.entity';

export const ACCESS_MIGRATIONS = [CreateAccessTables1764600000000, NotifyApiKeyChanges1764700000000];

export function accessDataSourceOptions(url: string): DataSourceOptions {
  return dataSourceOptions({
    name: ACCESS,
    schema: ACCESS,
    url,
    entities: [StaffUserEntity, ApiKeyEntity],
    migrations: ACCESS_MIGRATIONS,
    poolSize: 4,
  });
}

/**
 * Every process of the platform opens the identity store, so several may start at once and
 * migrate it together: the migrations run under a Postgres advisory lock, one process at a time.
 */
export async function migrateAccessSchema(url: string): Promise<void> {
  await ensureSchema(url, ACCESS);
  const dataSource = new DataSource({ ...accessDataSourceOptions(url), name: `${ACCESS}-migrations`, migrationsRun: false });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query(`SELECT pg_advisory_lock(hashtext('waybill.access.migrations'))`);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext('waybill.access.migrations'))`);
    }
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}

/** The `access` connection, migrated before it opens. */
export function accessDatabase(url: string): DynamicModule {
  return TypeOrmModule.forRootAsync({
    name: ACCESS,
    useFactory: async () => {
      await migrateAccessSchema(url);
      return { ...accessDataSourceOptions(url), migrationsRun: false };
    },
  });
}
