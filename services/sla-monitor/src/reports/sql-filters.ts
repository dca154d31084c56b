import type { SummaryParams } from './report-queries';

/** Numbered query parameters: `add` returns the placeholder (`$n`) of the value it keeps. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The reports' service level, carrier and region filters, as conditions on sla.deadlines (or a row `alias`). */
export function dimensionFilters(
  query: Pick<SummaryParams, 'serviceLevel' | 'carrier' | 'region'>,
  params: Params,
  alias = '',
): string[] {
  const conditions: string[] = [];
  if (query.serviceLevel) conditions.push(`${alias}service_level = ${params.add(query.serviceLevel)}`);
  if (query.carrier) conditions.push(`${alias}carrier = ${params.add(query.carrier)}`);
  if (query.region) conditions.push(`${alias}region = ${params.add(query.region)}`);
  return conditions;
}
