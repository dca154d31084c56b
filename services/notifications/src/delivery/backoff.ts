export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/**
 * The delay before attempt `attempt + 1` after `attempt` failed: base × 2^(attempt−1), capped,
 * with ±20 % jitter so endpoints that failed together are not retried in lockstep.
 * `null` once the attempts are used up.
 */
export function nextRetryDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  const jitter = 0.8 + 0.4 * random();
  return Math.round(Math.min(policy.maxMs, exponential * jitter));
}
