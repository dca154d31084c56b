export type Route =
  | { page: 'board' }
  | { page: 'reports' }
  | { page: 'tracking'; trackingNumber: string; token: string }
  | { page: 'not-found' };

/** Which page a URL shows; the host serves the same index.html for all of them. */
export function routeOf(pathname: string, search: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/board') return { page: 'board' };
  if (path === '/reports') return { page: 'reports' };
  const tracking = /^\/t\/([^/]+)$/.exec(path);
  if (tracking) {
    return {
      page: 'tracking',
      trackingNumber: decodeURIComponent(tracking[1]),
      token: new URLSearchParams(search).get('token') ?? '',
    };
  }
  return { page: 'not-found' };
}
