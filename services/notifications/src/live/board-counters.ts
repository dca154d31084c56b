import { BoardCounters, BoardFilters } from '@waybill/contracts';
import { BoardAttributes, matchesFilters } from './board-rooms';

/** One row of the grouped counts query: the numbers for one carrier × region × service level. */
export interface CounterGroup extends BoardAttributes {
  active: number;
  outForDelivery: number;
  atRisk: number;
  breachedToday: number;
  deliveredToday: number;
  onTimeToday: number;
}

/** Adds up the groups a room's filters select. Pure. */
export function countersFor(groups: CounterGroup[], filters: BoardFilters, asOf: Date): BoardCounters {
  const sum = { active: 0, outForDelivery: 0, atRisk: 0, breachedToday: 0, deliveredToday: 0, onTimeToday: 0 };
  for (const group of groups) {
    if (!matchesFilters(filters, group)) continue;
    for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += group[key];
  }
  return {
    filters,
    active: sum.active,
    outForDelivery: sum.outForDelivery,
    atRisk: sum.atRisk,
    breachedToday: sum.breachedToday,
    onTimeRateToday: sum.deliveredToday === 0 ? null : Math.round((sum.onTimeToday / sum.deliveredToday) * 1000) / 1000,
    asOf: asOf.toISOString(),
  };
}
