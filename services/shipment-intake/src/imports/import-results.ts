import type { FieldError } from '@waybill/service-kit';
import type { Registration } from '../shipments/shipment-registrar';
import { ResponseSettings, toCreatedRow } from '../shipments/shipment.response';

export type RowResult =
  | ReturnType<typeof toCreatedRow>
  | { status: 'duplicate'; merchantReference: string; existingShipmentId: string }
  | { status: 'invalid'; errors: FieldError[] };

export interface ImportSummary {
  total: number;
  created: number;
  duplicate: number;
  invalid: number;
}

export function toRowResult(registration: Registration, settings: ResponseSettings): RowResult {
  return registration.status === 'created' ? toCreatedRow(registration.shipment, settings) : registration;
}

export function summarize(results: { status: RowResult['status'] }[]): ImportSummary {
  const summary: ImportSummary = { total: results.length, created: 0, duplicate: 0, invalid: 0 };
  for (const result of results) summary[result.status]++;
  return summary;
}
