import { DateTime } from 'luxon';
import type { ServiceLevel } from '@waybill/contracts';
import { timeZoneFor } from './country-time-zones';
import type { HolidayCalendar, LocalTime, SlaPolicy } from './sla-policy';

export interface PromiseRequest {
  serviceLevel: ServiceLevel;
  orderedAt: Date;
  destination: { country: string; timeZone?: string };
}

/** A promise and what made it, recorded with the shipment. */
export interface MadePromise {
  promisedBy: Date;
  policyVersion: string;
  calendar: string;
  timeZone: string;
}

const DAY_MS = 86_400_000;
const holidaySets = new WeakMap<HolidayCalendar, Set<string>>();

function holidaysOf(calendar: HolidayCalendar): Set<string> {
  let set = holidaySets.get(calendar);
  if (!set) holidaySets.set(calendar, (set = new Set(calendar.holidays)));
  return set;
}

/**
 * Days are walked as plain calendar dates (midnight UTC standing for "that local date"), so the
 * walk needs no time-zone arithmetic; the zone is consulted once to read the order's local date
 * and once to place the promise.
 */
function isBusinessDate(dateMs: number, calendar: HolidayCalendar): boolean {
  const date = new Date(dateMs);
  const isoWeekday = date.getUTCDay() || 7;
  return !calendar.weekend.includes(isoWeekday) && !holidaysOf(calendar).has(date.toISOString().slice(0, 10));
}

export function isBusinessDay(day: DateTime, calendar: HolidayCalendar): boolean {
  return isBusinessDate(Date.UTC(day.year, day.month - 1, day.day), calendar);
}

function nextBusinessDate(dateMs: number, calendar: HolidayCalendar): number {
  // A year of closed days means a broken calendar, not a late parcel.
  for (let next = dateMs + DAY_MS, tries = 0; tries < 366; next += DAY_MS, tries++) {
    if (isBusinessDate(next, calendar)) return next;
  }
  throw new Error(`calendar ${calendar.id} has no business day within a year of ${new Date(dateMs).toISOString().slice(0, 10)}`);
}

function minutesOf(time: LocalTime): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

export function calendarFor(policy: SlaPolicy, country: string): HolidayCalendar {
  return policy.calendars[country] ?? policy.defaultCalendar;
}

/**
 * The delivery promise for an order: dispatched the day it is placed if that is a business day
 * and it is before the service level's cut-off, else on the next business day; delivered by the
 * day's delivery time after the transit business days. Every date and time is read in the
 * destination's time zone, so cut-offs, weekends and holidays are the customer's.
 */
export function computePromise(policy: SlaPolicy, request: PromiseRequest): MadePromise {
  const timeZone = timeZoneFor(request.destination);
  const calendar = calendarFor(policy, request.destination.country);
  const rule = policy.serviceLevels[request.serviceLevel];

  const ordered = DateTime.fromJSDate(request.orderedAt, { zone: timeZone });
  let day = Date.UTC(ordered.year, ordered.month - 1, ordered.day);
  const afterCutoff = ordered.hour * 60 + ordered.minute >= minutesOf(rule.cutoff);
  if (!isBusinessDate(day, calendar) || afterCutoff) day = nextBusinessDate(day, calendar);
  for (let left = rule.transitBusinessDays; left > 0; left--) day = nextBusinessDate(day, calendar);

  const date = new Date(day);
  const deliveryBy = minutesOf(rule.deliveryBy);
  const promisedBy = DateTime.fromObject(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: Math.floor(deliveryBy / 60),
      minute: deliveryBy % 60,
    },
    { zone: timeZone },
  );
  return { promisedBy: promisedBy.toJSDate(), policyVersion: policy.version, calendar: calendar.id, timeZone };
}
