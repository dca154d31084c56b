import { z } from 'zod';
import { parseScan, Scan, ScanSchema } from '@waybill/contracts';
import { FieldError, fieldErrors, validationFailed } from '@waybill/service-kit';

export const MAX_SCANS_PER_REQUEST = 5000;

/** `POST /api/v1/scans` body, for the OpenAPI document: one scan or an array of them. */
export const ScanBatchRequest = z.union([ScanSchema, z.array(ScanSchema).min(1).max(MAX_SCANS_PER_REQUEST)]);

export type ParsedItem = { ok: true; scan: Scan } | { ok: false; errors: FieldError[] };

/**
 * Validates each scan on its own, so one bad scan does not sink the batch. A body that is not a
 * scan or a list of scans at all is a 400; so is a single scan that is invalid.
 */
export function parseScanBatch(body: unknown): { single: boolean; items: ParsedItem[] } {
  const single = !Array.isArray(body);
  if (single && (typeof body !== 'object' || body === null)) {
    throw validationFailed([{ field: 'body', reason: 'must be a scan object or an array of scans' }]);
  }
  const list = single ? [body] : (body as unknown[]);
  if (list.length === 0) throw validationFailed([{ field: 'body', reason: 'must hold at least one scan' }]);
  if (list.length > MAX_SCANS_PER_REQUEST) {
    throw validationFailed([{ field: 'body', reason: `must hold at most ${MAX_SCANS_PER_REQUEST} scans per request` }]);
  }
  const items = list.map((raw): ParsedItem => {
    const result = parseScan(raw);
    return result.success ? { ok: true, scan: result.data } : { ok: false, errors: fieldErrors(result.error) };
  });
  if (single && !items[0].ok) throw validationFailed(items[0].errors);
  return { single, items };
}
