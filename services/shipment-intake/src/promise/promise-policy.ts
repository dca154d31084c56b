import type { ServiceLevel } from '@waybill/contracts';

/**
 * The promise made to a customer: transit business days per service level, delivered by the end
 * of the delivery day. Weekends are skipped. This is the skeleton policy (version "skeleton-1");
 * the full calendar (cut-off, holidays, destination time zone) replaces it without changing
 * its callers.
 */
export const SKELETON_POLICY = {
  version: 'skeleton-1',
  transitBusinessDays: { same_day: 0, next_day: 1, express: 2, standard: 4, economy: 7 } as Record<
    ServiceLevel,
    number
  >,
  endOfDayUtcHour: 20,
};

function isWeekend(date: Date): boolean {
  const day = date.getUTCDay();
  return day === 0 || day === 6;
}

export function computePromisedBy(serviceLevel: ServiceLevel, orderedAt: Date): Date {
  const promise = new Date(orderedAt);
  promise.setUTCHours(SKELETON_POLICY.endOfDayUtcHour, 0, 0, 0);
  // Ordered after the end of the day: the clock starts on the next day.
  if (promise <= orderedAt) promise.setUTCDate(promise.getUTCDate() + 1);
  while (isWeekend(promise)) promise.setUTCDate(promise.getUTCDate() + 1);
  let days = SKELETON_POLICY.transitBusinessDays[serviceLevel];
  while (days > 0) {
    promise.setUTCDate(promise.getUTCDate() + 1);
    if (!isWeekend(promise)) days--;
  }
  return promise;
}
