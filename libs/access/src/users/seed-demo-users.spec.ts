import { demoCredentialsIn, formatDemoCredentials } from './seed-demo-users';

describe('demo credentials as the standalone host prints them', () => {
  it('reads back exactly what formatDemoCredentials printed, among other log lines', () => {
    const accounts = [
      { role: 'admin' as const, email: 'admin@waybill.example', password: 'HdaZ63-SBZgL8ueMJvl-Ow' },
      { role: 'dispatcher' as const, email: 'dispatcher@waybill.example', password: 'F4yn1lprJs_vtontdgnsMg' },
      { role: 'ops' as const, email: 'ops@waybill.example', password: 'lb-yDDqXO4gBKc01YTOSdw' },
    ];
    const output = `Waybill standalone is listening on http://localhost:3000 (ready in 1551 ms)\n${formatDemoCredentials(accounts)}\n[demo] opening burst`;
    expect(demoCredentialsIn(output)).toEqual(accounts);
  });

  it('finds nothing in output without the accounts', () => {
    expect(demoCredentialsIn('Waybill standalone is listening on http://localhost:3000\n')).toEqual([]);
  });
});
