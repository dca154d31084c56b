import { NOTIFICATION_KINDS } from '../rules/notification-rules';
import { MessageFacts, renderMessage, templateLocale } from './render-message';

function facts(overrides: Partial<MessageFacts> = {}): MessageFacts {
  return {
    kind: 'breached',
    locale: 'en',
    name: 'Ada <Lovelace>',
    trackingNumber: 'WB0123456789ABCDEF',
    trackingUrl: 'https://waybill.example/t/WB0123456789ABCDEF?token=abc',
    optOutUrl: 'https://waybill.example/api/v1/notifications/opt-out?address=ada%40example.com&token=xyz',
    preferencesUrl: 'https://waybill.example/t/WB0123456789ABCDEF?token=abc&address=ada%40example.com&ptoken=xyz',
    promisedBy: '2025-03-05T17:00:00.000Z',
    eta: null,
    deliveredAt: null,
    reasonCode: null,
    late: false,
    timeZone: 'Europe/Paris',
    ...overrides,
  };
}

describe('renderMessage', () => {
  it.each([
    ['en', 'en'],
    ['en-GB', 'en'],
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['FR_be', 'fr'],
    ['de', 'en'],
  ])('picks the %s recipient the %s templates', (locale, expected) => {
    expect(templateLocale(locale)).toBe(expected);
  });

  it('apologises for a breach, in English', () => {
    const message = renderMessage(facts());
    expect(message.subject).toBe('We are sorry: your parcel WB0123456789ABCDEF is late');
    expect(message.text).toContain('did not arrive by Mar 5, 2025, 6:00 PM as we promised');
    expect(message.text).toContain('We apologise');
  });

  it('apologises for a breach, in French, with the time in the destination zone', () => {
    const message = renderMessage(facts({ locale: 'fr-FR' }));
    expect(message.locale).toBe('fr');
    expect(message.subject).toBe('Toutes nos excuses : votre colis WB0123456789ABCDEF est en retard');
    expect(message.text).toMatch(/avant le 5 mars 2025.*18:00/);
  });

  it('gives the new estimate when a parcel is at risk', () => {
    const message = renderMessage(facts({ kind: 'at_risk', eta: '2025-03-06T09:30:00Z' }));
    expect(message.text).toContain('Our new estimate is Mar 6, 2025, 10:30 AM.');
    expect(message.sms).toContain('New estimate: Mar 6, 2025, 10:30 AM.');
  });

  it('leaves the estimate out when there is none', () => {
    expect(renderMessage(facts({ kind: 'at_risk' })).text).not.toContain('estimate');
  });

  it('says why a delivery attempt failed, in the recipient language', () => {
    expect(renderMessage(facts({ kind: 'delivery_attempt_failed', reasonCode: 'consignee_not_home' })).text).toContain(
      '(nobody was at home)',
    );
    expect(
      renderMessage(facts({ kind: 'delivery_attempt_failed', reasonCode: 'consignee_not_home', locale: 'fr' })).text,
    ).toContain('(personne n’était présent)');
  });

  it('words a late delivery differently from an on-time one', () => {
    const onTime = renderMessage(facts({ kind: 'delivered', deliveredAt: '2025-03-05T15:00:00Z' }));
    const late = renderMessage(facts({ kind: 'delivered', deliveredAt: '2025-03-05T19:00:00Z', late: true }));
    expect(onTime.text).not.toContain('sorry');
    expect(late.text).toContain('later than we promised');
  });

  it('ends every email with the opt-out link and escapes the HTML part', () => {
    const message = renderMessage(facts());
    expect(message.text).toContain(facts().optOutUrl);
    expect(message.html).toContain('Ada &lt;Lovelace&gt;');
    expect(message.html).toContain(facts().optOutUrl.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;'));
  });

  it.each(['en', 'fr'])('ends every %s email with the link to the preference form, before the opt-out link', (locale) => {
    const message = renderMessage(facts({ locale }));
    const { preferencesUrl, optOutUrl } = facts();
    expect(message.text.indexOf(preferencesUrl)).toBeGreaterThan(0);
    expect(message.text.indexOf(preferencesUrl)).toBeLessThan(message.text.indexOf(optOutUrl));
    expect(message.html).toContain(preferencesUrl.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;'));
  });

  it.each(NOTIFICATION_KINDS.flatMap((kind) => ['en', 'fr'].map((locale) => [kind, locale])))(
    'has a %s message in %s with the tracking number in subject, text and SMS',
    (kind, locale) => {
      const message = renderMessage(facts({ kind: kind as MessageFacts['kind'], locale }));
      for (const part of [message.subject, message.text, message.sms]) expect(part).toContain('WB0123456789ABCDEF');
      expect(message.text).not.toMatch(/\{\{|\}\}/);
    },
  );
});
