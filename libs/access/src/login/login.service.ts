import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACCESS_SETTINGS } from '../access.constants';
import { AccessSettings } from '../config/access-config';
import { StaffPrincipal } from '../principal';
import { IssuedToken, StaffTokens } from '../tokens/staff-tokens';
import { normalizeEmail, StaffUser, StaffUsersService } from '../users/staff-users.service';
import { DEFAULT_LOCKOUT_RULES, failureDelayMs, LockoutRules, loginGate, lookbackMs, withinWindow } from './lockout-rules';
import { LoginFailuresStore } from './login-failures.store';

/** Twelve hours: a long shift. */
export const DEFAULT_SESSION_MAX_SECONDS = 43_200;

export type RenewalOutcome =
  | { ok: true; user: StaffUser; token: IssuedToken }
  | { ok: false; reason: 'user_gone' | 'password_changed' | 'session_ended' };

export type LoginOutcome =
  | { ok: true; user: StaffUser; token: IssuedToken }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterMs: number };

@Injectable()
export class LoginService {
  private readonly rules: LockoutRules;
  private readonly sessionMaxMs: number;

  constructor(
    private readonly users: StaffUsersService,
    private readonly failures: LoginFailuresStore,
    private readonly tokens: StaffTokens,
    @Inject(ACCESS_SETTINGS) settings: AccessSettings,
  ) {
    this.rules = { ...DEFAULT_LOCKOUT_RULES, ...settings.lockout };
    this.sessionMaxMs = (settings.sessionMaxSeconds ?? DEFAULT_SESSION_MAX_SECONDS) * 1000;
  }

  /** Email and password in, a short-lived token out; failures are counted, slowed, then locked out. */
  async login(email: string, password: string, address: string): Promise<LoginOutcome> {
    const account = normalizeEmail(email);
    const now = new Date();
    const recent = await this.failures.recent(account, address, new Date(now.getTime() - lookbackMs(this.rules)));
    const gate = loginGate(recent.account, recent.address, now, this.rules);
    if (!gate.allowed) return { ok: false, reason: 'locked', retryAfterMs: gate.retryAfterMs };

    const user = await this.users.verifyCredentials(account, password);
    if (!user) {
      const failedAt = new Date();
      await this.failures.record(account, address, failedAt, new Date(failedAt.getTime() - lookbackMs(this.rules)));
      await sleep(failureDelayMs(withinWindow(recent.account, failedAt, this.rules).length + 1, this.rules));
      return { ok: false, reason: 'invalid' };
    }
    if (recent.account.length > 0) await this.failures.forgiveAccount(account);
    const startedAt = new Date();
    return { ok: true, user, token: await this.tokens.issue(user, { startedAt, endsAt: new Date(startedAt.getTime() + this.sessionMaxMs) }) };
  }

  /**
   * A fresh token for a signed-in staff member whose token is still valid, so a board left open
   * all shift is not interrupted every 15 minutes. The user is read again: a deleted user or a
   * changed password ends the session, a changed role shows in the new token, and no renewal
   * carries a session past `sessionMaxSeconds` from the sign-in.
   */
  async renew(principal: StaffPrincipal): Promise<RenewalOutcome> {
    const endsAt = new Date(principal.sessionStartedAt.getTime() + this.sessionMaxMs);
    if (endsAt.getTime() <= Date.now()) return { ok: false, reason: 'session_ended' };
    const stored = await this.users.findWithPasswordChange(principal.userId);
    if (!stored) return { ok: false, reason: 'user_gone' };
    // auth_time has whole seconds; a password set in the same second as the sign-in predates it.
    if (stored.passwordChangedAt.getTime() >= principal.sessionStartedAt.getTime() + 1000) {
      return { ok: false, reason: 'password_changed' };
    }
    return { ok: true, user: stored.user, token: await this.tokens.issue(stored.user, { startedAt: principal.sessionStartedAt, endsAt }) };
  }
}
