import { SHIPMENT_STATUSES, REASON_CODES } from '@waybill/contracts';
import { delayOf, MESSAGES, pickLanguage } from './messages';

describe('tracking page messages', () => {
  it.each<[string | null, string[], string]>([
    ['fr', ['en-GB'], 'fr'],
    [null, ['fr-CA', 'en'], 'fr'],
    [null, ['de-DE', 'en-US'], 'en'],
    ['xx', ['de'], 'en'],
    ['FR', [], 'fr'],
  ])('picks the language from ?lang=%p and the browser’s %p: %s', (requested, preferred, expected) => {
    expect(pickLanguage(requested, preferred)).toBe(expected);
  });

  it.each(['en', 'fr'] as const)('has a %s word for every status and reason code', (language) => {
    for (const status of SHIPMENT_STATUSES) expect(MESSAGES[language].statuses[status]).toBeTruthy();
    for (const reason of REASON_CODES) expect(MESSAGES[language].reasons[reason]).toBeTruthy();
  });

  it.each([
    ['on_track', 'in_transit', 'none'],
    ['at_risk', 'delivery_attempt_failed', 'possible'],
    ['late', 'out_for_delivery', 'late'],
    ['breached', 'in_transit', 'late'],
    ['breached', 'delivered', 'none'],
    ['met', 'delivered', 'none'],
    ['delivered_late', 'delivered', 'none'],
  ] as const)('tells the customer about a %s shipment that is %s: delay %s', (state, status, delay) => {
    expect(delayOf(state, status)).toBe(delay);
  });
});
