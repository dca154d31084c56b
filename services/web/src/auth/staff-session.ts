/** What a successful `POST /api/v1/auth/login` answers, as the pages keep it. */
export interface StaffSession {
  accessToken: string;
  expiresAt: string;
  user: { id: string; email: string; role: 'admin' | 'dispatcher' | 'ops' };
}

/** Minimal storage the session needs (window.sessionStorage in the browser). */
export interface SessionStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const KEY = 'waybill.staff-session';
/** A token this close to its end is treated as ended: a request must not expire in flight. */
const EXPIRY_MARGIN_MS = 10_000;

/**
 * The signed-in staff member of this browser tab. Kept in sessionStorage, so closing the tab
 * signs out and other tabs (or sites) never see it; there is no refresh token, the pages ask
 * for the password again when the short-lived token ends (libs/access README).
 */
export class StaffSessionStore {
  constructor(
    private readonly storage: SessionStorageLike,
    private readonly now: () => number = Date.now,
  ) {}

  current(): StaffSession | null {
    const raw = this.storage.getItem(KEY);
    if (!raw) return null;
    const session = parse(raw);
    if (!session || Date.parse(session.expiresAt) - EXPIRY_MARGIN_MS <= this.now()) {
      this.storage.removeItem(KEY);
      return null;
    }
    return session;
  }

  save(session: StaffSession): void {
    this.storage.setItem(KEY, JSON.stringify(session));
  }

  clear(): void {
    this.storage.removeItem(KEY);
  }

  /** Milliseconds until the current session must be renewed, or null when there is none. */
  remainingMs(): number | null {
    const session = this.current();
    return session ? Date.parse(session.expiresAt) - EXPIRY_MARGIN_MS - this.now() : null;
  }
}

function parse(raw: string): StaffSession | null {
  try {
    const value = JSON.parse(raw) as Partial<StaffSession>;
    const valid =
      typeof value.accessToken === 'string' &&
      typeof value.expiresAt === 'string' &&
      !Number.isNaN(Date.parse(value.expiresAt)) &&
      typeof value.user?.email === 'string' &&
      typeof value.user?.role === 'string';
    return valid ? (value as StaffSession) : null;
  } catch {
    return null;
  }
}
