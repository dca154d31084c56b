import { isValidOptOutToken, preferencesUrl } from './opt-out-token';

describe('preferencesUrl', () => {
  it('opens the tracking page with the normalised address and its opt-out token, keeping the tracking token', () => {
    const url = new URL(preferencesUrl('https://waybill.example/t/WB1?token=abc', ' Ada@Example.com', 'secret'));
    expect(url.pathname).toBe('/t/WB1');
    expect(url.searchParams.get('token')).toBe('abc');
    expect(url.searchParams.get('address')).toBe('ada@example.com');
    expect(isValidOptOutToken('ada@example.com', url.searchParams.get('ptoken'), 'secret')).toBe(true);
  });
});
