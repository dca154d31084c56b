import type { NextFunction, Request, Response } from 'express';

/**
 * PostgreSQL stores no NUL character (U+0000) in text or jsonb: a value holding one fails at the
 * INSERT, after validation, as a 500. So no request may bring one in: JSON bodies are checked as
 * they are parsed (keys and strings), URLs (path and query) before routing, and both answer 400.
 */
export const NUL_REASON = 'contains a NUL character (\\u0000), which text cannot hold';

export class NulCharacterError extends Error {
  constructor() {
    super(NUL_REASON);
  }
}

/** A JSON.parse reviver for the body parser: refuses any key or string holding U+0000. */
export function refuseNulInJson(key: string, value: unknown): unknown {
  if (key.includes('\0') || (typeof value === 'string' && value.includes('\0'))) throw new NulCharacterError();
  return value;
}

/** Express middleware: a path or query with an encoded NUL (`%00`) is refused before routing. */
export function refuseNulInUrl(request: Request, response: Response, next: NextFunction): void {
  const url = request.originalUrl;
  if (!/%00/i.test(url)) return next();
  const queryStart = url.indexOf('?');
  const field = queryStart >= 0 && /%00/i.test(url.slice(queryStart)) ? 'query' : 'path';
  response.status(400).json({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors: [{ field, reason: NUL_REASON }] });
}
