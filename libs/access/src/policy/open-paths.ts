/**
 * Paths served without credentials and without an @Access decorator, because their handlers
 * live where libs/access cannot reach (libs/service-kit, which libs/access builds on) or are not
 * Nest routes at all. Kept short and exact: probes, scraping and the API documents.
 * `/api/docs` and `/api/docs-json` are mounted by SwaggerModule straight on Express, so no guard
 * sees them; they are listed so the route audit and this list tell one story.
 */
export const OPEN_PATHS: ReadonlyArray<{ method: string; path: string | RegExp; why: string }> = [
  { method: 'GET', path: '/health/live', why: 'liveness probe' },
  { method: 'GET', path: '/health/ready', why: 'readiness probe' },
  { method: 'GET', path: '/metrics', why: 'Prometheus scraping (keep it off the public ingress)' },
  { method: 'GET', path: /^\/api\/docs(-json|\/.*)?$/, why: 'OpenAPI document and UI' },
  { method: 'GET', path: '/api/v1/asyncapi.json', why: 'AsyncAPI document' },
];

export function isOpenPath(method: string, path: string): boolean {
  const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return OPEN_PATHS.some(
    (open) =>
      (open.method === method.toUpperCase() || (open.method === 'GET' && method.toUpperCase() === 'HEAD')) &&
      (typeof open.path === 'string' ? open.path === bare : open.path.test(bare)),
  );
}
