import { API_KEY_PREFIX, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key-format';

describe('API key format', () => {
  it('generates wbk_ keys with 256 random bits, returning the sha256 to store and a prefix to show', () => {
    const { key, hash, displayPrefix } = generateApiKey();
    expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(Buffer.from(key.slice(API_KEY_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.startsWith(displayPrefix)).toBe(true);
    expect(displayPrefix).toHaveLength(12);
  });

  it('never generates the same key twice', () => {
    expect(new Set(Array.from({ length: 100 }, () => generateApiKey().key)).size).toBe(100);
  });

  it.each<[string, boolean]>([
    [generateApiKey().key, true],
    ['eyJhbGciOiJIUzI1NiJ9.e30.sig', false],
    ['wbk_short', false],
    ['wbk_' + 'a'.repeat(43) + '!', false],
  ])('tells an API key (%s) from other credentials: %p', (value, expected) => {
    expect(looksLikeApiKey(value)).toBe(expected);
  });
});
