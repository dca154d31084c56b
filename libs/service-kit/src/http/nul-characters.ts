import type { NextFunction, Request, Response } from 'express';

/**
 * PostgreSQL stores no NUL character (U+0000) in text or jsonb: a value holding one fails at the
 * INSERT, after validation, as a 500. So no request may bring one in: JSON bodies (keys and
 * strings) and URLs (path and query) are checked before routing, and both answer 400.
 */
export const NUL_REASON = 'contains a NUL character (\\u0000), which text cannot hold';

export class NulCharacterError extends Error {
  constructor() {
    super(NUL_REASON);
  }
}

/** A key or string anywhere in a parsed JSON value holds U+0000. */
export function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => key.includes('\0') || holdsNul(item));
  }
  return false;
}

const NUL_ESCAPE = Buffer.from('\\u0000');

/**
 * The JSON body parser's `verify` step: refuses a body whose keys or strings hold U+0000. In JSON
 * text a NUL can only be written as the escape `\u0000` (a raw control character is invalid), so
 * one byte search rules out nearly every body; only a body holding that escape is walked (it may
 * be an escaped backslash followed by `u0000`, which is fine). Cheaper on 5,000-scan batches than
 * a reviver, which would run a function for every key and value of every body.
 */
export function refuseNulInJsonBody(_request: unknown, _response: unknown, raw: Buffer): void {
  if (raw.indexOf(NUL_ESCAPE) === -1) return;
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return; // not JSON: the parser itself answers that
  }
  if (holdsNul(value)) throw new NulCharacterError();
}

/** Express middleware: a path or query with an encoded NUL (`%00`) is refused before routing. */
export function refuseNulInUrl(request: Request, response: Response, next: NextFunction): void {
  const url = request.originalUrl;
  if (!/%00/i.test(url)) return next();
  const queryStart = url.indexOf('?');
  const field = queryStart >= 0 && /%00/i.test(url.slice(queryStart)) ? 'query' : 'path';
  response.status(400).json({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors: [{ field, reason: NUL_REASON }] });
}
