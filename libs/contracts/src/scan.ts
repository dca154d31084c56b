import { z } from 'zod';
import { withFastPath } from './fast-path';
import { IsoDateTimeSchema, LocationSchema } from './shapes';
import { ReasonCodeSchema, ShipmentStatusSchema } from './vocabulary';

/**
 * A raw scan as carriers and drivers send it (HTTP `POST /scans` and the `waybill.scans.v1`
 * topic, keyed by tracking number). Either a carrier code or a canonical status is given.
 */
export const ScanSchema = z
  .object({
    carrierEventId: z.string().min(1).max(200),
    trackingNumber: z.string().min(6).max(40),
    carrier: z.string().min(1).max(50).optional(),
    carrierCode: z.string().min(1).max(50).optional(),
    status: ShipmentStatusSchema.optional(),
    occurredAt: IsoDateTimeSchema,
    location: LocationSchema.optional(),
    reasonCode: ReasonCodeSchema.optional(),
    substatus: z.string().max(500).optional(),
  })
  .refine((scan) => scan.carrierCode !== undefined || scan.status !== undefined, {
    message: 'either carrierCode or status is required',
    path: ['status'],
  });
export type Scan = z.infer<typeof ScanSchema>;

/**
 * `ScanSchema.safeParse` for the hot paths (the scan topic, HTTP batches): a valid scan passes a
 * compiled check and is returned as given; anything else gets zod's answer (see withFastPath).
 * The refinement above, in JSON Schema.
 */
export const parseScan = withFastPath(ScanSchema, [{ anyOf: [{ required: ['carrierCode'] }, { required: ['status'] }] }]);
