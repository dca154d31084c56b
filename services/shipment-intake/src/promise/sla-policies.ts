import { DEFAULT_CALENDAR, HOLIDAY_CALENDARS_2025_2026 } from './holiday-calendars';
import type { SlaPolicy } from './sla-policy';

/**
 * Every SLA policy Waybill has had, oldest first. A change to the promise is a new entry with a
 * new version and a later `effectiveFrom`, never an edit: shipments record the version that made
 * their promise, so it must keep meaning what it meant.
 */
export const SLA_POLICIES: readonly SlaPolicy[] = [
  {
    version: '2025.1',
    effectiveFrom: '2025-01-01T00:00:00Z',
    serviceLevels: {
      same_day: { transitBusinessDays: 0, cutoff: '11:00', deliveryBy: '20:00' },
      next_day: { transitBusinessDays: 1, cutoff: '17:00', deliveryBy: '20:00' },
      express: { transitBusinessDays: 2, cutoff: '16:00', deliveryBy: '20:00' },
      standard: { transitBusinessDays: 4, cutoff: '15:00', deliveryBy: '20:00' },
      economy: { transitBusinessDays: 7, cutoff: '15:00', deliveryBy: '20:00' },
    },
    calendars: HOLIDAY_CALENDARS_2025_2026,
    defaultCalendar: DEFAULT_CALENDAR,
  },
];

/** The policy in force at `at`: the latest one whose `effectiveFrom` has passed (the first before any). */
export function policyInForce(at: Date, policies: readonly SlaPolicy[] = SLA_POLICIES): SlaPolicy {
  let chosen = policies[0];
  for (const policy of policies) {
    if (Date.parse(policy.effectiveFrom) <= at.getTime()) chosen = policy;
  }
  return chosen;
}
