import { INestApplicationContext } from '@nestjs/common';
import { generatePassword } from '../passwords/passwords';
import { StaffRole } from '../principal';
import { StaffUsersService } from './staff-users.service';

export const DEMO_USERS: ReadonlyArray<{ email: string; role: StaffRole }> = [
  { email: 'admin@waybill.example', role: 'admin' },
  { email: 'dispatcher@waybill.example', role: 'dispatcher' },
  { email: 'ops@waybill.example', role: 'ops' },
];

export interface DemoCredentials {
  email: string;
  role: StaffRole;
  password: string;
}

/**
 * Standalone (never production): makes sure one user per role exists, each with a fresh
 * generated password, and returns the credentials for the host to print. Passwords are
 * regenerated at every start, since only their hashes are kept.
 */
export async function seedDemoUsers(app: INestApplicationContext | StaffUsersService): Promise<DemoCredentials[]> {
  const users = app instanceof StaffUsersService ? app : app.get(StaffUsersService, { strict: false });
  const seeded: DemoCredentials[] = [];
  for (const demo of DEMO_USERS) {
    const password = generatePassword();
    await users.upsert({ ...demo, password });
    seeded.push({ ...demo, password });
  }
  return seeded;
}

/** The lines a host prints at start. */
export function formatDemoCredentials(credentials: DemoCredentials[]): string {
  const lines = credentials.map((c) => `  ${c.role.padEnd(10)} ${c.email.padEnd(28)} ${c.password}`);
  return ['Demo staff accounts (passwords change at every start):', ...lines].join('\n');
}

/**
 * The demo accounts in a host's output, as formatDemoCredentials printed them: the one parser of
 * that format, for tools that start a standalone platform and sign in as it (`npm run demo`).
 */
export function demoCredentialsIn(output: string): DemoCredentials[] {
  const roles = DEMO_USERS.map((user) => user.role).join('|');
  return [...output.matchAll(new RegExp(`^\\s+(${roles})\\s+(\\S+@\\S+)\\s+(\\S+)\\s*$`, 'gm'))].map(([, role, email, password]) => ({
    role: role as StaffRole,
    email,
    password,
  }));
}
