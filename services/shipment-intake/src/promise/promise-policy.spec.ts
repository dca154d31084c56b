import { DateTime } from 'luxon';
import { SERVICE_LEVELS, ServiceLevel } from '@waybill/contracts';
import { COUNTRY_TIME_ZONES, isKnownTimeZone } from './country-time-zones';
import { calendarFor, computePromise, isBusinessDay } from './promise-policy';
import { policyInForce, SLA_POLICIES } from './sla-policies';
import type { SlaPolicy } from './sla-policy';

const POLICY_2025_1 = SLA_POLICIES.find((policy) => policy.version === '2025.1')!;

function promise(serviceLevel: ServiceLevel, orderedAt: string, country: string, timeZone?: string) {
  return computePromise(POLICY_2025_1, { serviceLevel, orderedAt: new Date(orderedAt), destination: { country, timeZone } });
}

// Policy 2025.1: same_day 0 days, cut-off 11:00, by 20:00; next_day 1, 17:00, 20:00; express 2,
// 16:00, 20:00; standard 4 and economy 7, 15:00, 20:00. Every expectation below was worked out
// by hand on a wall calendar (Paris is UTC+1 in winter and UTC+2 in summer, New York UTC-5/-4).
describe('computePromise (SLA policy 2025.1)', () => {
  type Row = [story: string, level: ServiceLevel, orderedAt: string, country: string, promisedBy: string];

  describe('cut-off', () => {
    it.each<Row>([
      ['express a minute before the 16:00 cut-off leaves Monday: Wednesday', 'express', '2025-03-03T14:59:00Z', 'FR', '2025-03-05T19:00:00.000Z'],
      ['express at the 16:00 cut-off leaves Tuesday: Thursday', 'express', '2025-03-03T15:00:00Z', 'FR', '2025-03-06T19:00:00.000Z'],
      ['same_day before 11:00 is that evening at 20:00', 'same_day', '2025-03-03T09:59:00Z', 'FR', '2025-03-03T19:00:00.000Z'],
      ['same_day at 11:00 is the next evening', 'same_day', '2025-03-03T10:00:00Z', 'FR', '2025-03-04T19:00:00.000Z'],
      ['next_day 16:59 in New York (21:59Z) is Tuesday', 'next_day', '2025-03-03T21:59:00Z', 'US', '2025-03-05T01:00:00.000Z'],
      ['next_day 20:00 in New York, already Tuesday in UTC, is Wednesday', 'next_day', '2025-03-04T01:00:00Z', 'US', '2025-03-06T01:00:00.000Z'],
    ])('%s', (_story, level, orderedAt, country, promisedBy) => {
      expect(promise(level, orderedAt, country).promisedBy.toISOString()).toBe(promisedBy);
    });
  });

  describe('weekends', () => {
    it.each<Row>([
      ['next_day on Friday morning is Monday', 'next_day', '2025-03-07T09:00:00Z', 'FR', '2025-03-10T19:00:00.000Z'],
      ['next_day on Friday after the cut-off is Tuesday', 'next_day', '2025-03-07T16:30:00Z', 'FR', '2025-03-11T19:00:00.000Z'],
      ['next_day on Saturday is Tuesday', 'next_day', '2025-03-08T09:00:00Z', 'FR', '2025-03-11T19:00:00.000Z'],
      ['same_day on Sunday is Monday evening', 'same_day', '2025-03-09T08:00:00Z', 'FR', '2025-03-10T19:00:00.000Z'],
      ['standard on Thursday is next Wednesday', 'standard', '2025-03-06T08:00:00Z', 'FR', '2025-03-12T19:00:00.000Z'],
      ['economy on Monday is the Wednesday after', 'economy', '2025-03-03T08:00:00Z', 'FR', '2025-03-12T19:00:00.000Z'],
    ])('%s', (_story, level, orderedAt, country, promisedBy) => {
      expect(promise(level, orderedAt, country).promisedBy.toISOString()).toBe(promisedBy);
    });
  });

  describe('holidays, per destination country', () => {
    it.each<Row>([
      ['next_day to France on 30 April skips Labour Day: 2 May', 'next_day', '2025-04-30T08:00:00Z', 'FR', '2025-05-02T18:00:00.000Z'],
      ['next_day to Britain on 30 April works on 1 May', 'next_day', '2025-04-30T08:00:00Z', 'GB', '2025-05-01T19:00:00.000Z'],
      ['express to France on 7 May skips VE Day and the weekend: 12 May', 'express', '2025-05-07T08:00:00Z', 'FR', '2025-05-12T18:00:00.000Z'],
      ['same_day to France ordered on Labour Day leaves the day after', 'same_day', '2025-05-01T07:00:00Z', 'FR', '2025-05-02T18:00:00.000Z'],
      ['next_day to France before Good Friday is Good Friday', 'next_day', '2025-04-17T08:00:00Z', 'FR', '2025-04-18T18:00:00.000Z'],
      ['next_day to Germany before Good Friday skips it and Easter Monday', 'next_day', '2025-04-17T08:00:00Z', 'DE', '2025-04-22T18:00:00.000Z'],
      ['next_day to the US before Memorial Day skips it', 'next_day', '2025-05-23T14:00:00Z', 'US', '2025-05-28T00:00:00.000Z'],
    ])('%s', (_story, level, orderedAt, country, promisedBy) => {
      expect(promise(level, orderedAt, country).promisedBy.toISOString()).toBe(promisedBy);
    });
  });

  describe('year end', () => {
    it.each<Row>([
      ["next_day to France on New Year's Eve skips New Year's Day: 2 January", 'next_day', '2025-12-31T09:00:00Z', 'FR', '2026-01-02T19:00:00.000Z'],
      ['express to Germany on 23 December skips both Christmas days: 29 December', 'express', '2025-12-23T09:00:00Z', 'DE', '2025-12-29T19:00:00.000Z'],
      ['economy to Britain on Boxing Day crosses into January', 'economy', '2025-12-26T10:00:00Z', 'GB', '2026-01-08T20:00:00.000Z'],
      ["next_day to Japan (weekends only) on New Year's Eve is New Year's Day", 'next_day', '2025-12-31T01:00:00Z', 'JP', '2026-01-01T11:00:00.000Z'],
      ["an order late on New Year's Eve in UTC is already 1 January in Tokyo", 'next_day', '2025-12-31T23:30:00Z', 'JP', '2026-01-02T11:00:00.000Z'],
    ])('%s', (_story, level, orderedAt, country, promisedBy) => {
      expect(promise(level, orderedAt, country).promisedBy.toISOString()).toBe(promisedBy);
    });
  });

  describe('daylight saving time', () => {
    it.each<Row>([
      ['express across the spring change in Paris promises 20:00 summer time', 'express', '2025-03-28T09:00:00Z', 'FR', '2025-04-01T18:00:00.000Z'],
      ['next_day across the autumn change in Paris promises 20:00 winter time', 'next_day', '2025-10-24T08:00:00Z', 'FR', '2025-10-27T19:00:00.000Z'],
      ['an order at 03:30 on the spring-change Sunday in Paris leaves Monday', 'same_day', '2025-03-30T01:30:00Z', 'FR', '2025-03-31T18:00:00.000Z'],
      ['17:30 summer time in New York is after the cut-off (16:30 in winter time would not be)', 'next_day', '2025-03-10T21:30:00Z', 'US', '2025-03-13T00:00:00.000Z'],
      ['16:30 winter time in New York the week before is before the cut-off', 'next_day', '2025-03-03T21:30:00Z', 'US', '2025-03-05T01:00:00.000Z'],
    ])('%s', (_story, level, orderedAt, country, promisedBy) => {
      expect(promise(level, orderedAt, country).promisedBy.toISOString()).toBe(promisedBy);
    });
  });

  describe('time zone of the destination', () => {
    it('uses the time zone the address gives over the country default', () => {
      // 15:30 in Los Angeles is before the cut-off; 18:30 in New York is not.
      expect(promise('next_day', '2025-03-03T23:30:00Z', 'US', 'America/Los_Angeles')).toEqual({
        promisedBy: new Date('2025-03-05T04:00:00.000Z'),
        policyVersion: '2025.1',
        calendar: 'US-FED-2025-2026',
        timeZone: 'America/Los_Angeles',
      });
      expect(promise('next_day', '2025-03-03T23:30:00Z', 'US').promisedBy.toISOString()).toBe('2025-03-06T01:00:00.000Z');
    });

    it('derives the zone from the country and falls back to UTC for a country it does not know', () => {
      expect(promise('express', '2025-03-03T09:00:00Z', 'FR').timeZone).toBe('Europe/Paris');
      expect(promise('express', '2025-03-03T09:00:00Z', 'KE')).toMatchObject({
        timeZone: 'UTC',
        calendar: 'default-weekends-only',
        promisedBy: new Date('2025-03-05T20:00:00.000Z'),
      });
    });
  });

  it('records the policy version and the calendar that made the promise', () => {
    expect(promise('express', '2025-03-03T09:00:00Z', 'DE')).toMatchObject({ policyVersion: '2025.1', calendar: 'DE-2025-2026' });
  });

  it('never promises a weekend or a holiday in the destination, for any level, over two months of orders', () => {
    for (const country of ['FR', 'DE', 'GB', 'US', 'JP']) {
      for (let hour = 0; hour < 24 * 61; hour += 7) {
        const orderedAt = new Date(Date.UTC(2025, 11, 1) + hour * 3600_000);
        for (const level of SERVICE_LEVELS) {
          const made = computePromise(POLICY_2025_1, { serviceLevel: level, orderedAt, destination: { country } });
          const local = DateTime.fromJSDate(made.promisedBy, { zone: made.timeZone });
          expect(isBusinessDay(local, calendarFor(POLICY_2025_1, country))).toBe(true);
          expect(made.promisedBy.getTime()).toBeGreaterThan(orderedAt.getTime());
        }
      }
    }
  });

  it('promises no earlier for a slower service level', () => {
    for (let hour = 0; hour < 24 * 14; hour += 5) {
      const orderedAt = new Date(Date.UTC(2025, 2, 1) + hour * 3600_000);
      const promises = SERVICE_LEVELS.map(
        (level) => computePromise(POLICY_2025_1, { serviceLevel: level, orderedAt, destination: { country: 'FR' } }).promisedBy,
      );
      expect(promises.map(Number)).toEqual([...promises.map(Number)].sort((a, b) => a - b));
    }
  });

  it('honours a calendar whose weekend is Friday and Saturday', () => {
    const policy: SlaPolicy = {
      ...POLICY_2025_1,
      calendars: { IL: { id: 'IL-test', weekend: [5, 6], holidays: [], covers: [] } },
    };
    // Thursday 6 March 2025, 10:00 in Jerusalem: next_day skips Friday and Saturday to Sunday 9.
    const made = computePromise(policy, {
      serviceLevel: 'next_day',
      orderedAt: new Date('2025-03-06T08:00:00Z'),
      destination: { country: 'IL', timeZone: 'Asia/Jerusalem' },
    });
    expect(made.promisedBy.toISOString()).toBe('2025-03-09T18:00:00.000Z');
  });

  it('stops on a calendar without business days instead of looping forever', () => {
    const policy: SlaPolicy = { ...POLICY_2025_1, defaultCalendar: { id: 'closed', weekend: [1, 2, 3, 4, 5, 6, 7], holidays: [], covers: [] } };
    expect(() =>
      computePromise(policy, { serviceLevel: 'express', orderedAt: new Date('2025-03-03T09:00:00Z'), destination: { country: 'KE' } }),
    ).toThrow(/no business day/);
  });
});

describe('the SLA policy configuration', () => {
  it('lists versions once each, in effective order', () => {
    expect(new Set(SLA_POLICIES.map((p) => p.version)).size).toBe(SLA_POLICIES.length);
    const starts = SLA_POLICIES.map((p) => Date.parse(p.effectiveFrom));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('puts in force the latest policy whose start has passed', () => {
    const older = { ...POLICY_2025_1, version: 'old', effectiveFrom: '2024-01-01T00:00:00Z' };
    const newer = { ...POLICY_2025_1, version: 'new', effectiveFrom: '2025-06-01T00:00:00Z' };
    expect(policyInForce(new Date('2025-05-31T23:59:59Z'), [older, newer]).version).toBe('old');
    expect(policyInForce(new Date('2025-06-01T00:00:00Z'), [older, newer]).version).toBe('new');
    expect(policyInForce(new Date('2020-01-01T00:00:00Z'), [older, newer]).version).toBe('old');
  });

  it('has a rule for every service level, with valid cut-off and delivery times', () => {
    for (const policy of SLA_POLICIES) {
      for (const level of SERVICE_LEVELS) {
        const rule = policy.serviceLevels[level];
        expect(rule.transitBusinessDays).toBeGreaterThanOrEqual(0);
        expect(rule.cutoff).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
        expect(rule.deliveryBy).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      }
    }
  });

  it.each(Object.entries(POLICY_2025_1.calendars))('%s calendar lists real dates inside the years it covers', (_country, calendar) => {
    for (const date of calendar.holidays) {
      const day = DateTime.fromISO(date, { zone: 'UTC' });
      expect(day.isValid).toBe(true);
      expect(calendar.covers).toContain(day.year);
    }
    expect(new Set(calendar.holidays).size).toBe(calendar.holidays.length);
  });

  it.each(Object.entries(COUNTRY_TIME_ZONES))('derives %s to a real time zone (%s)', (_country, zone) => {
    expect(isKnownTimeZone(zone)).toBe(true);
  });
});
