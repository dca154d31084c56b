/** What a successful `POST /api/v1/auth/login` answers, as the pages keep it. */
export interface StaffSession {
  accessToken: string;
  expiresAt: string;
  user: { id: string; email: string; role: 'admin' | 'dispatcher' | 'ops' };
  /** When the sign-in ends (the server's session maximum): no renewal goes past it. */
  sessionEndsAt?: string;
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
/** How long before its end a token is renewed (`POST /api/v1/auth/renew`). */
export const RENEW_AHEAD_MS = 120_000;

/**
 * The signed-in staff member of this browser tab. Kept in sessionStorage, so closing the tab
 * signs out and other tabs (or sites) never see it. The short-lived token is renewed with
 * itself before it ends, up to the server's session maximum (12 h by default); after that, or
 * once the password changed, the pages ask for the password again (libs/access README).
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
    if (!session || this.remainingOf(session) <= 0) {
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

  /** Milliseconds until the current token must no longer be used, or null when there is none. */
  remainingMs(): number | null {
    const session = this.current();
    return session ? this.remainingOf(session) : null;
  }

  private remainingOf(session: StaffSession): number {
    return Date.parse(session.expiresAt) - EXPIRY_MARGIN_MS - this.now();
  }

  /**
   * Milliseconds until the current token should be renewed, or null when there is none or it
   * cannot be renewed further. Two minutes ahead; halfway to the end for a shorter-lived token,
   * so renewals never follow each other in a loop.
   */
  renewInMs(): number | null {
    const session = this.current();
    if (!session || (session.sessionEndsAt && Date.parse(session.expiresAt) >= Date.parse(session.sessionEndsAt))) return null;
    const remaining = this.remainingOf(session);
    return remaining > 2 * RENEW_AHEAD_MS ? remaining - RENEW_AHEAD_MS : Math.max(0, Math.floor(remaining / 2));
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
