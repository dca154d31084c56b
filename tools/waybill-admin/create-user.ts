// `node tools/waybill-admin/create-user.js --email <email> --role <admin|dispatcher|ops> [--reset]`
// Creates a staff user in the `access` schema of DATABASE_URL (migrating it first) and prints a
// generated password once. Set WAYBILL_PASSWORD to choose the password instead (not echoed).
// --reset sets a new password (and the role) for an existing user.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  accessDataSourceOptions,
  generatePassword,
  migrateAccessSchema,
  StaffUsersService,
  EmailTakenError,
  STAFF_ROLES,
} from '../../libs/access/src';

const USAGE = `usage: node tools/waybill-admin/create-user.js --email <email> --role <${STAFF_ROLES.join('|')}> [--reset]

  DATABASE_URL      the platform's PostgreSQL (required)
  WAYBILL_PASSWORD  the password to set (12+ characters); generated and printed when unset
  --reset           the user exists: give it this role and a new password`;

const Args = z.object({
  email: z.email(),
  role: z.enum(STAFF_ROLES),
  reset: z.boolean(),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
  password: z.string().min(12, 'WAYBILL_PASSWORD must be at least 12 characters').max(72).optional(),
});

function parse(argv: string[]) {
  const options: Record<string, unknown> = { reset: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--email') options.email = argv[++i];
    else if (arg === '--role') options.role = argv[++i];
    else if (arg === '--reset') options.reset = true;
    else if (arg === '--help' || arg === '-h') return null;
    else throw new Error(`unexpected argument: ${arg}`);
  }
  return Args.safeParse({ ...options, databaseUrl: process.env.DATABASE_URL, password: process.env.WAYBILL_PASSWORD || undefined });
}

async function main(): Promise<number> {
  const parsed = parse(process.argv.slice(2));
  if (!parsed) {
    console.log(USAGE);
    return 0;
  }
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${issue.path.join('.') || 'arguments'}: ${issue.message}`);
    console.error(`\n${USAGE}`);
    return 2;
  }
  const { email, role, reset, databaseUrl, password } = parsed.data;
  await migrateAccessSchema(databaseUrl);
  const dataSource = new DataSource({ ...accessDataSourceOptions(databaseUrl), migrationsRun: false });
  await dataSource.initialize();
  try {
    const users = new StaffUsersService(dataSource, {});
    const chosen = password ?? generatePassword();
    if (reset) await users.upsert({ email, role, password: chosen });
    else await users.create({ email, role, password: chosen });
    console.log(`${reset ? 'updated' : 'created'} ${role} ${email.toLowerCase()}`);
    if (!password) console.log(`password: ${chosen}`);
    return 0;
  } catch (error) {
    if (error instanceof EmailTakenError) {
      console.error(`${error.message} (use --reset to set a new password)`);
      return 1;
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`create-user: ${error.message}`);
    process.exit(1);
  },
);
