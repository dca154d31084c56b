/**
 * When failed logins slow an account or an address down, and when they lock it for a while.
 * Failures are counted per account (guessing one password) and per client address (trying many
 * accounts). Attempts refused while locked are not failures, so a lock ends on time.
 */
export interface LockoutRules {
  /** Failures this close together count towards a lock. */
  windowMs: number;
  /** Failures within the window that lock an account… */
  accountThreshold: number;
  /** …or an address. */
  ipThreshold: number;
  /** How long a lock lasts from the failure that triggered it. */
  lockMs: number;
  /** Failures of an account before its failed answers start to be slowed. */
  slowAfter: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_LOCKOUT_RULES: LockoutRules = {
  windowMs: 15 * 60_000,
  accountThreshold: 5,
  ipThreshold: 20,
  lockMs: 15 * 60_000,
  slowAfter: 2,
  baseDelayMs: 250,
  maxDelayMs: 2_000,
};

/** Only failures this recent can matter. */
export function lookbackMs(rules: LockoutRules): number {
  return rules.windowMs + rules.lockMs;
}

/** The end of the latest lock these failures caused, if any: `threshold` of them within the window. */
export function lockedUntil(failures: Date[], threshold: number, rules: LockoutRules): Date | null {
  const times = failures.map((f) => f.getTime()).sort((a, b) => a - b);
  let until: number | null = null;
  for (let last = threshold - 1; last < times.length; last++) {
    if (times[last] - times[last - threshold + 1] <= rules.windowMs) until = times[last] + rules.lockMs;
  }
  return until === null ? null : new Date(until);
}

export type LoginGate = { allowed: true } | { allowed: false; retryAfterMs: number; scope: 'account' | 'address' };

/** May this attempt even be checked? */
export function loginGate(
  accountFailures: Date[],
  addressFailures: Date[],
  now: Date,
  rules: LockoutRules = DEFAULT_LOCKOUT_RULES,
): LoginGate {
  const checks: Array<['account' | 'address', Date | null]> = [
    ['account', lockedUntil(accountFailures, rules.accountThreshold, rules)],
    ['address', lockedUntil(addressFailures, rules.ipThreshold, rules)],
  ];
  for (const [scope, until] of checks) {
    if (until && until.getTime() > now.getTime()) return { allowed: false, retryAfterMs: until.getTime() - now.getTime(), scope };
  }
  return { allowed: true };
}

/** How long to hold back the answer to a failed attempt, given the account's failures including it. */
export function failureDelayMs(recentAccountFailures: number, rules: LockoutRules = DEFAULT_LOCKOUT_RULES): number {
  if (recentAccountFailures <= rules.slowAfter) return 0;
  return Math.min(rules.maxDelayMs, rules.baseDelayMs * 2 ** (recentAccountFailures - rules.slowAfter - 1));
}

/** Failures inside the counting window, for the delay. */
export function withinWindow(failures: Date[], now: Date, rules: LockoutRules): Date[] {
  return failures.filter((f) => now.getTime() - f.getTime() <= rules.windowMs);
}
