import { trackingTokenFor } from '@waybill/service-kit';
import { addressKey, isValidOptOutToken, optOutTokenFor, optOutUrl } from './opt-out-token';
import { isWithinQuietHours, RecipientPreferences, suppressionFor } from './suppression';

function prefs(overrides: Partial<RecipientPreferences> = {}): RecipientPreferences {
  return { optedOut: false, optedOutKinds: [], quietHours: null, timeZone: null, ...overrides };
}

describe('suppressionFor', () => {
  const noon = new Date('2025-03-05T12:00:00Z');
  const lateEvening = new Date('2025-03-05T22:30:00Z'); // 23:30 in Paris

  it.each<[string, RecipientPreferences | null, string, boolean, Date, string | null]>([
    ['no preferences', null, 'delivered', true, noon, null],
    ['opted out of everything', prefs({ optedOut: true }), 'breached', false, noon, 'opted_out'],
    ['opted out of this kind', prefs({ optedOutKinds: ['out_for_delivery'] }), 'out_for_delivery', true, noon, 'opted_out'],
    ['opted out of another kind', prefs({ optedOutKinds: ['out_for_delivery'] }), 'delivered', true, noon, null],
    ['inside quiet hours', prefs({ quietHours: { start: '22:00', end: '07:00' } }), 'delivered', true, lateEvening, 'quiet_hours'],
    ['outside quiet hours', prefs({ quietHours: { start: '22:00', end: '07:00' } }), 'delivered', true, noon, null],
    ['inside quiet hours, for a rule that ignores them', prefs({ quietHours: { start: '22:00', end: '07:00' } }), 'breached', false, lateEvening, null],
  ])('with %s', (_what, preferences, kind, respectQuietHours, now, expected) => {
    expect(suppressionFor({ kind, respectQuietHours, preferences, now, destinationTimeZone: 'Europe/Paris' })).toBe(expected);
  });

  it('reads quiet hours in the recipient zone before the destination zone', () => {
    const preferences = prefs({ quietHours: { start: '22:00', end: '07:00' }, timeZone: 'America/New_York' });
    // 23:30 in Paris is 17:30 in New York.
    expect(suppressionFor({ kind: 'delivered', respectQuietHours: true, preferences, now: new Date('2025-03-05T22:30:00Z'), destinationTimeZone: 'Europe/Paris' })).toBeNull();
  });
});

describe('isWithinQuietHours', () => {
  it.each([
    ['22:00', '07:00', '2025-03-05T21:59:00Z', false],
    ['22:00', '07:00', '2025-03-05T22:00:00Z', true],
    ['22:00', '07:00', '2025-03-06T06:59:00Z', true],
    ['22:00', '07:00', '2025-03-06T07:00:00Z', false],
    ['12:00', '14:00', '2025-03-05T13:00:00Z', true],
    ['12:00', '14:00', '2025-03-05T15:00:00Z', false],
    ['09:00', '09:00', '2025-03-05T09:00:00Z', false],
  ])('%s–%s at %s (UTC) → %s', (start, end, at, expected) => {
    expect(isWithinQuietHours({ start, end }, new Date(at), 'UTC')).toBe(expected);
  });
});

describe('opt-out tokens', () => {
  const secret = 'test-secret-0123456789abcdef';

  it('accepts the token made for the address, whatever its case', () => {
    expect(isValidOptOutToken('ada@example.com', optOutTokenFor('Ada@Example.com', secret), secret)).toBe(true);
  });

  it.each([
    ['another address', 'bob@example.com'],
    ['no token', undefined],
    ['a tracking token', trackingTokenFor('ada@example.com', secret)],
  ])('refuses %s', (_what, tokenOrAddress) => {
    const token = tokenOrAddress === 'bob@example.com' ? optOutTokenFor('bob@example.com', secret) : tokenOrAddress;
    expect(isValidOptOutToken('ada@example.com', token, secret)).toBe(false);
  });

  it('puts the normalised address and its token in the link', () => {
    const url = new URL(optOutUrl('https://waybill.example', 'Ada@Example.com', secret));
    expect(url.pathname).toBe('/api/v1/notifications/opt-out');
    expect(url.searchParams.get('address')).toBe('ada@example.com');
    expect(isValidOptOutToken('ada@example.com', url.searchParams.get('token'), secret)).toBe(true);
  });

  it('normalises phone numbers by dropping punctuation', () => {
    expect(addressKey('+33 (6) 12-34.56.78')).toBe('+33612345678');
  });
});
