/**
 * Postgres errors that say "try again", not "this message is bad": deadlocks, serialization
 * failures, lock timeouts, cancelled statements, lost connections. A consumer retries the chunk
 * on these instead of sending a good message to the DLQ; HTTP handlers retry the transaction.
 */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '57014', '57P01', '53300']);

export function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return false;
  return TRANSIENT_SQLSTATES.has(code) || code.startsWith('08');
}

/**
 * A write that lost a race on a unique key to a transaction that has since committed: running
 * the transaction again sees that row and takes it into account. It carries serialization
 * failure's SQLSTATE, so consumers and `transactionWithRetry` retry it as they retry Postgres' own.
 */
export class ConcurrentWriteError extends Error {
  readonly name = 'ConcurrentWriteError';
  readonly code = '40001';
}

/** Whether `error` is Postgres refusing a duplicate of `constraint` (unique_violation). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const { code, constraint: violated } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && violated === constraint;
}
