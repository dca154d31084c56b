import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ACCESS, ACCESS_SETTINGS } from '../access.constants';
import { AccessSettings } from '../config/access-config';
import { generatePassword, hashPassword, passwordMatches, DEFAULT_PASSWORD_COST } from '../passwords/passwords';
import { StaffRole } from '../principal';
import { StaffUserEntity } from './staff-user.entity';

export interface StaffUser {
  id: string;
  email: string;
  role: StaffRole;
  createdAt: Date;
}

export class EmailTakenError extends Error {
  constructor(readonly email: string) {
    super(`a user with email ${email} exists`);
  }
}

const UNIQUE_VIOLATION = '23505';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const toUser = ({ id, email, role, createdAt }: StaffUserEntity): StaffUser => ({ id, email, role, createdAt });

/** Staff accounts in the `access` schema: created by admins, the CLI, or the standalone seed. */
@Injectable()
export class StaffUsersService {
  private readonly cost: number;

  constructor(
    @InjectDataSource(ACCESS) private readonly dataSource: DataSource,
    @Inject(ACCESS_SETTINGS) settings: Pick<AccessSettings, 'passwordCost'>,
  ) {
    this.cost = settings.passwordCost ?? DEFAULT_PASSWORD_COST;
  }

  private get users() {
    return this.dataSource.getRepository(StaffUserEntity);
  }

  /** Creates a user; without a password, generates one and returns it (to show once). */
  async create(input: { email: string; role: StaffRole; password?: string }): Promise<{ user: StaffUser; generatedPassword?: string }> {
    const generatedPassword = input.password === undefined ? generatePassword() : undefined;
    const now = new Date();
    const entity = this.users.create({
      id: randomUUID(),
      email: normalizeEmail(input.email),
      role: input.role,
      passwordHash: await hashPassword(input.password ?? generatedPassword!, this.cost),
      createdAt: now,
      passwordChangedAt: now,
    });
    try {
      await this.users.insert(entity);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new EmailTakenError(entity.email);
      throw error;
    }
    return { user: toUser(entity), generatedPassword };
  }

  /** Creates the user or resets its role and password (the standalone demo accounts, the CLI's --reset). */
  async upsert(input: { email: string; role: StaffRole; password: string }): Promise<StaffUser> {
    const email = normalizeEmail(input.email);
    const passwordHash = await hashPassword(input.password, this.cost);
    const [row] = await this.dataSource.query(
      `INSERT INTO access.staff_users (id, email, password_hash, role)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role, password_changed_at = now()
       RETURNING id, email, role, created_at`,
      [randomUUID(), email, passwordHash, input.role],
    );
    return { id: row.id, email: row.email, role: row.role, createdAt: row.created_at };
  }

  async list(): Promise<StaffUser[]> {
    return (await this.users.find({ order: { createdAt: 'ASC' } })).map(toUser);
  }

  /** The user these credentials belong to, or null; as slow for an unknown email as for a wrong password. */
  async verifyCredentials(email: string, password: string): Promise<StaffUser | null> {
    const entity = await this.users.findOneBy({ email: normalizeEmail(email) });
    const matches = await passwordMatches(password, entity?.passwordHash ?? null, this.cost);
    return matches && entity ? toUser(entity) : null;
  }

  /** The user as stored now, with when their password last changed; null once deleted. */
  async findWithPasswordChange(id: string): Promise<{ user: StaffUser; passwordChangedAt: Date } | null> {
    const entity = await this.users.findOneBy({ id });
    return entity ? { user: toUser(entity), passwordChangedAt: entity.passwordChangedAt } : null;
  }
}
