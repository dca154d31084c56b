import { StaffSession, StaffSessionStore } from './staff-session';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    size: () => items.size,
  };
}

const session = (expiresAt: string): StaffSession => ({
  accessToken: 'header.payload.signature',
  expiresAt,
  user: { id: 'u1', email: 'dispatcher@waybill.example', role: 'dispatcher' },
});

describe('StaffSessionStore', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');

  it('gives back a saved session while its token lives', () => {
    const store = new StaffSessionStore(memoryStorage(), () => now);
    store.save(session('2026-11-28T12:15:00Z'));
    expect(store.current()?.user.email).toBe('dispatcher@waybill.example');
    expect(store.remainingMs()).toBe(15 * 60_000 - 10_000);
  });

  it('asks for renewal two minutes before the token ends, halfway for a short-lived one, never past the sign-in\'s end', () => {
    const store = new StaffSessionStore(memoryStorage(), () => now);
    store.save(session('2026-11-28T12:15:00Z'));
    expect(store.renewInMs()).toBe(15 * 60_000 - 10_000 - 120_000);
    store.save(session('2026-11-28T12:01:00Z'));
    expect(store.renewInMs()).toBe(25_000);
    // A token that ends with the sign-in itself (the session's maximum length): sign in again.
    store.save({ ...session('2026-11-28T12:15:00Z'), sessionEndsAt: '2026-11-28T12:15:00Z' });
    expect(store.renewInMs()).toBeNull();
    store.save({ ...session('2026-11-28T12:15:00Z'), sessionEndsAt: '2026-11-28T20:00:00Z' });
    expect(store.renewInMs()).toBe(15 * 60_000 - 10_000 - 120_000);
    expect(store.remainingMs()).toBe(15 * 60_000 - 10_000);
    store.clear();
    expect(store.renewInMs()).toBeNull();
  });

  it('forgets a session whose token has ended, or is about to', () => {
    const storage = memoryStorage();
    const store = new StaffSessionStore(storage, () => now);
    store.save(session('2026-11-28T12:00:05Z'));
    expect(store.current()).toBeNull();
    expect(storage.size()).toBe(0);
    expect(store.remainingMs()).toBeNull();
  });

  it('treats damaged storage as signed out instead of failing', () => {
    const storage = memoryStorage();
    const store = new StaffSessionStore(storage, () => now);
    storage.setItem('waybill.staff-session', '{not json');
    expect(store.current()).toBeNull();
    storage.setItem('waybill.staff-session', JSON.stringify({ accessToken: 'x', expiresAt: 'someday' }));
    expect(store.current()).toBeNull();
  });

  it('signs out on clear', () => {
    const store = new StaffSessionStore(memoryStorage(), () => now);
    store.save(session('2026-11-28T13:00:00Z'));
    store.clear();
    expect(store.current()).toBeNull();
  });
});
