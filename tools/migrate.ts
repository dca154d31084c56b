// `npm run db:migrate`: runs every service's committed migrations against DATABASE_URL, each in
// its own schema, without starting the services (no bus, no consumers, no relays).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureSchema, loadConfig, PostgresUrlSchema } from '@waybill/service-kit';
import { SERVICES } from '@waybill/standalone';
import { z } from 'zod';

async function main() {
  const { DATABASE_URL } = loadConfig(z.object({ DATABASE_URL: PostgresUrlSchema }));
  for (const service of SERVICES) {
    const spec = service.database;
    await ensureSchema(DATABASE_URL, spec.schema);
    const dataSource = await new DataSource({
      ...dataSourceOptions({ ...spec, url: DATABASE_URL }),
      migrationsRun: false,
    }).initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      console.log(`${spec.name} (${spec.schema}): ${applied.length ? applied.map((m) => m.name).join(', ') : 'up to date'}`);
    } finally {
      await dataSource.destroy();
    }
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
