import type { AtRiskReason, ServiceLevel } from '@waybill/contracts';
import type { ReportFilters } from '../api/api-types';

/** The report page's filters as the form holds them: whole UTC days, `to` included. */
export interface ReportForm {
  fromDay: string;
  toDay: string;
  serviceLevel: ServiceLevel | '';
  carrier: string;
  region: string;
  reason: AtRiskReason | '';
}

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isDay = (value: string | null): value is string => !!value && /^\d{4}-\d\d-\d\d$/.test(value) && !Number.isNaN(Date.parse(value));

/** The last two weeks up to today, everything else open; `?from=…&to=…&carrier=…` overrides. */
export function formFromSearch(search: string, now: number): ReportForm {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  return {
    fromDay: isDay(from) ? from : dayOf(now - 13 * DAY),
    toDay: isDay(to) ? to : dayOf(now),
    serviceLevel: (params.get('serviceLevel') ?? '') as ReportForm['serviceLevel'],
    carrier: params.get('carrier') ?? '',
    region: (params.get('region') ?? '').toUpperCase(),
    reason: (params.get('reason') ?? '') as ReportForm['reason'],
  };
}

/** The page's own query string for a form, so a report can be shared as a link. */
export function searchOfForm(form: ReportForm): string {
  const params = new URLSearchParams();
  params.set('from', form.fromDay);
  params.set('to', form.toDay);
  for (const key of ['serviceLevel', 'carrier', 'region', 'reason'] as const) if (form[key]) params.set(key, form[key]);
  return `?${params}`;
}

/** The API's filters: `from` inclusive at 00:00 UTC, `to` exclusive at the next day's 00:00 UTC. */
export function apiFilters(form: ReportForm): ReportFilters {
  const from = Date.parse(`${form.fromDay}T00:00:00.000Z`);
  const to = Date.parse(`${form.toDay}T00:00:00.000Z`) + DAY;
  return {
    from: new Date(from).toISOString(),
    to: new Date(Math.max(to, from + DAY)).toISOString(),
    serviceLevel: form.serviceLevel || undefined,
    carrier: form.carrier.trim() || undefined,
    region: form.region.trim().toUpperCase() || undefined,
    reason: form.reason || undefined,
  };
}

/** Every day of the range, so days without shipments still show on the chart (as gaps). */
export function daysOf(form: ReportForm): string[] {
  const days: string[] = [];
  const last = Date.parse(`${form.toDay}T00:00:00.000Z`);
  for (let t = Date.parse(`${form.fromDay}T00:00:00.000Z`); t <= last && days.length < 366; t += DAY) days.push(dayOf(t));
  return days;
}
