/** A range of promises, `to` exclusive; a missing end is open. ISO timestamps as the client sent them. */
export interface TimeRange {
  from?: string;
  to?: string;
}

/** Whole UTC days, `to` exclusive, as 'YYYY-MM-DD'; a missing end is open. */
export interface DayRange {
  from?: string;
  to?: string;
}

/**
 * Splits a summary's promise range into the whole UTC days the rollup answers and the partial
 * days at either end, which are read from the shipments themselves.
 *
 * `firstWholeDay` is the first UTC day starting at or after `from`, `endOfWholeDays` the UTC day
 * `to` falls in (both computed by PostgreSQL, to the microsecond of the client's timestamps).
 */
export function splitPromiseRange(
  range: TimeRange,
  firstWholeDay: string | null,
  endOfWholeDays: string | null,
): { days: DayRange | null; partial: TimeRange[] } {
  if (firstWholeDay !== null && endOfWholeDays !== null && firstWholeDay >= endOfWholeDays) {
    return { days: null, partial: [range] };
  }
  const partial: TimeRange[] = [];
  const midnight = (day: string) => `${day}T00:00:00Z`;
  if (range.from !== undefined && firstWholeDay !== null) partial.push({ from: range.from, to: midnight(firstWholeDay) });
  if (range.to !== undefined && endOfWholeDays !== null) partial.push({ from: midnight(endOfWholeDays), to: range.to });
  const days: DayRange = {};
  if (firstWholeDay !== null) days.from = firstWholeDay;
  if (endOfWholeDays !== null) days.to = endOfWholeDays;
  return { days, partial };
}
