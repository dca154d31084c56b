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
