import { createHash, randomBytes } from 'node:crypto';

/** Every key starts with this, so a Bearer credential can be told from a JWT and leaks can be grepped. */
export const API_KEY_PREFIX = 'wbk_';
const SECRET_BYTES = 32;
const DISPLAY_LENGTH = API_KEY_PREFIX.length + 8;

/** `wbk_` + 256 random bits; the hash is all that is stored. */
export function generateApiKey(): { key: string; hash: string; displayPrefix: string } {
  const key = API_KEY_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
  return { key, hash: hashApiKey(key), displayPrefix: key.slice(0, DISPLAY_LENGTH) };
}

/** A fast hash is enough: the key has 256 bits of entropy, so it cannot be guessed from its hash. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX) && /^[A-Za-z0-9_-]{40,80}$/.test(value.slice(API_KEY_PREFIX.length));
}
