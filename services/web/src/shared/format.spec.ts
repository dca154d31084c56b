import { formatDuration, formatRate, formatRelative, humanize } from './format';

describe('format', () => {
  it.each<[number | null, string]>([
    [null, '—'],
    [42, '42 s'],
    [600, '10 min'],
    [5400, '1 h 30 min'],
    [7200, '2 h'],
    [3 * 86_400, '3 d'],
  ])('shows a duration of %p seconds as %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it.each<[number | null, string]>([
    [null, '—'],
    [1, '100.0%'],
    [0.9234, '92.3%'],
    [0, '0.0%'],
  ])('shows a rate of %p as %s', (rate, expected) => {
    expect(formatRate(rate)).toBe(expected);
  });

  it('says how far a moment is, in English and French', () => {
    const now = Date.parse('2025-03-05T12:00:00Z');
    // ICU puts narrow no-break spaces in some languages; compare the words.
    const words = (text: string) => text.replace(/\s/g, ' ');
    expect(words(formatRelative('2025-03-05T15:00:00Z', now, 'en'))).toBe('in 3 hr.');
    expect(words(formatRelative('2025-03-05T11:55:00Z', now, 'en'))).toBe('5 min. ago');
    expect(words(formatRelative('2025-03-05T15:00:00Z', now, 'fr'))).toBe('dans 3 h');
  });

  it('turns codes into words', () => {
    expect(humanize('out_for_delivery')).toBe('out for delivery');
  });
});
