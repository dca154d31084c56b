import type { ServiceLevel } from '@waybill/contracts';
import { computePromisedBy, SKELETON_POLICY } from './promise-policy';

// Calendar used below (March 2025): Mon 3, Tue 4, Wed 5, Thu 6, Fri 7, Sat 8, Sun 9,
// Mon 10, Tue 11, Wed 12, Thu 13, Fri 14, Sat 15, Sun 16, Mon 17, Tue 18, Wed 19.
// Every expectation is worked out by hand on that calendar, not by the policy's own loop.
describe('computePromisedBy (skeleton policy)', () => {
  it.each<[string, ServiceLevel, string, string]>([
    // same_day: 0 business days
    ['Monday morning same_day is Monday evening', 'same_day', '2025-03-03T09:00:00Z', '2025-03-03T20:00:00.000Z'],
    ['Saturday same_day is Monday', 'same_day', '2025-03-08T10:00:00Z', '2025-03-10T20:00:00.000Z'],
    ['Sunday just before midnight same_day is Monday', 'same_day', '2025-03-09T23:59:00Z', '2025-03-10T20:00:00.000Z'],
    // next_day: 1 business day
    ['Monday next_day is Tuesday', 'next_day', '2025-03-03T09:00:00Z', '2025-03-04T20:00:00.000Z'],
    ['Friday next_day is Monday', 'next_day', '2025-03-07T15:00:00Z', '2025-03-10T20:00:00.000Z'],
    ['Saturday next_day is Tuesday', 'next_day', '2025-03-08T10:00:00Z', '2025-03-11T20:00:00.000Z'],
    // express: 2 business days
    ['Monday express is Wednesday', 'express', '2025-03-03T09:00:00Z', '2025-03-05T20:00:00.000Z'],
    ['Thursday express is Monday', 'express', '2025-03-06T09:00:00Z', '2025-03-10T20:00:00.000Z'],
    ['Friday express is Tuesday', 'express', '2025-03-07T09:00:00Z', '2025-03-11T20:00:00.000Z'],
    ['Sunday express is Wednesday', 'express', '2025-03-09T12:00:00Z', '2025-03-12T20:00:00.000Z'],
    // standard: 4 business days
    ['Monday standard is Friday', 'standard', '2025-03-03T09:00:00Z', '2025-03-07T20:00:00.000Z'],
    ['Thursday standard is next Wednesday', 'standard', '2025-03-06T09:00:00Z', '2025-03-12T20:00:00.000Z'],
    ['Sunday standard is Friday', 'standard', '2025-03-09T09:00:00Z', '2025-03-14T20:00:00.000Z'],
    // economy: 7 business days
    ['Monday economy is next Wednesday', 'economy', '2025-03-03T09:00:00Z', '2025-03-12T20:00:00.000Z'],
    ['Friday economy is the Tuesday after next', 'economy', '2025-03-07T09:00:00Z', '2025-03-18T20:00:00.000Z'],
    ['Saturday economy is the Wednesday after next', 'economy', '2025-03-08T09:00:00Z', '2025-03-19T20:00:00.000Z'],
    // calendar edges
    ['Thursday 27 February express crosses into March', 'express', '2025-02-27T09:00:00Z', '2025-03-03T20:00:00.000Z'],
    ['New Year\'s Eve (Wednesday) next_day crosses into the new year', 'next_day', '2025-12-31T09:00:00Z', '2026-01-01T20:00:00.000Z'],
    ['Friday 26 December economy crosses into the new year', 'economy', '2025-12-26T09:00:00Z', '2026-01-06T20:00:00.000Z'],
  ])('%s', (_story, serviceLevel, orderedAt, promisedBy) => {
    expect(computePromisedBy(serviceLevel, new Date(orderedAt)).toISOString()).toBe(promisedBy);
  });

  it.each([
    ['just after midnight UTC', '2025-03-03T00:00:00Z'],
    ['just before the end of day', '2025-03-03T19:59:59.999Z'],
  ])('promises the same day-end whatever the time of the order (%s)', (_when, orderedAt) => {
    expect(computePromisedBy('express', new Date(orderedAt)).toISOString()).toBe('2025-03-05T20:00:00.000Z');
  });

  it('counts days in UTC, whatever offset the order time was given in', () => {
    // 23:30 on Monday in New York is 04:30 on Tuesday in UTC.
    const orderedAt = new Date('2025-03-03T23:30:00-05:00');
    expect(computePromisedBy('same_day', orderedAt).toISOString()).toBe('2025-03-04T20:00:00.000Z');
  });

  it('promises later for every slower service level', () => {
    const orderedAt = new Date('2025-03-03T09:00:00Z');
    const levels: ServiceLevel[] = ['same_day', 'next_day', 'express', 'standard', 'economy'];
    const promises = levels.map((level) => computePromisedBy(level, orderedAt).getTime());
    expect(promises).toEqual([...promises].sort((a, b) => a - b));
    expect(new Set(promises).size).toBe(levels.length);
  });

  it('never promises a Saturday or a Sunday', () => {
    const levels: ServiceLevel[] = ['same_day', 'next_day', 'express', 'standard', 'economy'];
    // Two full weeks of order days, 1 to 14 March 2025.
    for (let day = 1; day <= 14; day++) {
      const orderedAt = new Date(Date.UTC(2025, 2, day, 10));
      for (const level of levels) {
        expect([0, 6]).not.toContain(computePromisedBy(level, orderedAt).getUTCDay());
      }
    }
  });

  it('leaves the order time it was given untouched', () => {
    const orderedAt = new Date('2025-03-07T15:00:00Z');
    computePromisedBy('economy', orderedAt);
    expect(orderedAt.toISOString()).toBe('2025-03-07T15:00:00.000Z');
  });

  it('is the skeleton-1 policy', () => {
    expect(SKELETON_POLICY.version).toBe('skeleton-1');
  });
});
