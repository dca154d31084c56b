/** Where a test sends its requests: a base URL and the credentials it calls with. */
export interface ApiTarget {
  baseUrl: string;
  /** Headers that authenticate the caller, e.g. `{ authorization: 'Bearer …' }`; none = anonymous. */
  credentials: Record<string, string>;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * One HTTP call to `/api/v1<path>` of the service under test, as a client would send it: the
 * body as given (string or bytes) or as JSON, and the target's credentials unless the call overrides them.
 */
export async function call(
  target: string | ApiTarget,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; contentType?: string } = {},
): Promise<HttpAnswer> {
  const { baseUrl, credentials } = typeof target === 'string' ? { baseUrl: target, credentials: {} } : target;
  const headers: Record<string, string> = { ...credentials, ...options.headers };
  let body: string | Buffer | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' || Buffer.isBuffer(options.body) ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const response = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
