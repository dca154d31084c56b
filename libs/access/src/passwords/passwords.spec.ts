import { generatePassword, hashPassword, passwordMatches } from './passwords';

describe('passwords', () => {
  it('stores a bcrypt hash of cost 10 or more, never the password', async () => {
    const hash = await hashPassword('correct horse battery', 10);
    expect(hash).toMatch(/^\$2[aby]\$10\$/);
    expect(hash).not.toContain('correct horse battery');
  });

  it('refuses a cost below 10', async () => {
    expect(() => hashPassword('correct horse battery', 8)).toThrow(/at least 10/);
  });

  it('matches the right password and not a wrong one', async () => {
    const hash = await hashPassword('correct horse battery', 10);
    await expect(passwordMatches('correct horse battery', hash, 10)).resolves.toBe(true);
    await expect(passwordMatches('correct horse battery!', hash, 10)).resolves.toBe(false);
  });

  it('answers false for an unknown account after doing the same work', async () => {
    await expect(passwordMatches('anything at all', null, 10)).resolves.toBe(false);
  });

  it('generates distinct 128-bit passwords', () => {
    const passwords = new Set(Array.from({ length: 50 }, generatePassword));
    expect(passwords.size).toBe(50);
    for (const password of passwords) expect(Buffer.from(password, 'base64url')).toHaveLength(16);
  });
});
