import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';

export const MIN_PASSWORD_COST = 10;
export const DEFAULT_PASSWORD_COST = 12;

/** bcrypt reads 72 bytes at most; a longer password would silently lose its tail. */
export const MAX_PASSWORD_BYTES = 72;
export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string, cost = DEFAULT_PASSWORD_COST): Promise<string> {
  if (cost < MIN_PASSWORD_COST) throw new Error(`bcrypt cost must be at least ${MIN_PASSWORD_COST}`);
  return bcrypt.hash(password, cost);
}

// Compared against when the account does not exist, so a miss costs as long as a wrong password.
const dummyHashes = new Map<number, Promise<string>>();

/** Checks a password against a stored hash, or burns the same time when there is none. */
export async function passwordMatches(password: string, hash: string | null, cost = DEFAULT_PASSWORD_COST): Promise<boolean> {
  if (hash === null) {
    if (!dummyHashes.has(cost)) dummyHashes.set(cost, bcrypt.hash(randomBytes(16).toString('hex'), cost));
    await bcrypt.compare(password, await dummyHashes.get(cost)!);
    return false;
  }
  return bcrypt.compare(password, hash);
}

/** A password for a generated account: 128 bits, readable, safe to print once. */
export function generatePassword(): string {
  return randomBytes(16).toString('base64url');
}
