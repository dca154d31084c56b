import { routeOf } from './routes';

describe('routeOf', () => {
  it.each<[string, string, ReturnType<typeof routeOf>]>([
    ['/', '', { page: 'board' }],
    ['/board/', '', { page: 'board' }],
    ['/reports', '?from=2025-03-01', { page: 'reports' }],
    ['/t/WB123456789', '?token=abc', { page: 'tracking', trackingNumber: 'WB123456789', token: 'abc' }],
    ['/t/WB123456789', '', { page: 'tracking', trackingNumber: 'WB123456789', token: '' }],
    ['/t/', '', { page: 'not-found' }],
    ['/admin', '', { page: 'not-found' }],
  ])('shows %s%s as %p', (pathname, search, expected) => {
    expect(routeOf(pathname, search)).toEqual(expected);
  });
});
