import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACCESS_SETTINGS } from '../access.constants';
import { AccessSettings } from '../config/access-config';
import { IssuedToken, StaffTokens } from '../tokens/staff-tokens';
import { normalizeEmail, StaffUser, StaffUsersService } from '../users/staff-users.service';
import { DEFAULT_LOCKOUT_RULES, failureDelayMs, LockoutRules, loginGate, lookbackMs, withinWindow } from './lockout-rules';
import { LoginFailuresStore } from './login-failures.store';

export type LoginOutcome =
  | { ok: true; user: StaffUser; token: IssuedToken }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterMs: number };

@Injectable()
export class LoginService {
  private readonly rules: LockoutRules;

  constructor(
    private readonly users: StaffUsersService,
    private readonly failures: LoginFailuresStore,
    private readonly tokens: StaffTokens,
    @Inject(ACCESS_SETTINGS) settings: AccessSettings,
  ) {
    this.rules = { ...DEFAULT_LOCKOUT_RULES, ...settings.lockout };
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
    return { ok: true, user, token: await this.tokens.issue(user) };
  }
}
