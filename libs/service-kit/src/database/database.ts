import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSourceOptions, MixedList } from 'typeorm';

export interface ServiceDatabaseOptions {
  /** Connection name, also the service name. */
  name: string;
  /** The service's own Postgres schema; no other service reads it. */
  schema: string;
  url: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  poolSize?: number;
}

/** The schema must exist before TypeORM can put its migrations table in it. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    // Two processes creating the same schema at once: the loser sees a unique violation.
    if ((error as { code?: string }).code !== '23505') throw error;
  } finally {
    await client.end();
  }
}

export function dataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    name: options.name,
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: options.poolSize ?? 10 },
  };
}

/** One TypeORM connection per service, migrated with its committed migrations at start. */
export function serviceDatabase(options: ServiceDatabaseOptions): DynamicModule {
  return TypeOrmModule.forRootAsync({
    name: options.name,
    useFactory: async () => {
      await ensureSchema(options.url, options.schema);
      return dataSourceOptions(options);
    },
  });
}
