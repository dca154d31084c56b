import { z } from 'zod';
import { AddressSchema, IsoDateTimeSchema, ParcelSchema, RecipientSchema, ServiceLevelSchema } from '@waybill/contracts';
import { isKnownTimeZone } from '../promise/country-time-zones';

export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isKnownTimeZone, 'must be an IANA time zone, e.g. "Europe/Paris"');

export const RequestAddress = AddressSchema.extend({ timeZone: TimeZoneSchema.optional() }).strict();

export const MerchantReferenceSchema = z.string().trim().min(1).max(100);

/** `POST /api/v1/shipments` body; also one element of a batch and one CSV row once mapped. */
export const CreateShipmentRequest = z.strictObject({
  merchantReference: MerchantReferenceSchema.optional(),
  serviceLevel: ServiceLevelSchema,
  carrier: z.string().min(1).max(50),
  /** An explicit promise replaces the SLA policy's; it must lie in the future. */
  promisedBy: IsoDateTimeSchema.refine((value) => Date.parse(value) > Date.now(), 'must be in the future').optional(),
  recipient: RecipientSchema.strict(),
  origin: RequestAddress,
  destination: RequestAddress,
  parcels: z.array(ParcelSchema.strict()).min(1).max(100),
});
export type CreateShipmentRequest = z.infer<typeof CreateShipmentRequest>;

export const MAX_BATCH_SHIPMENTS = 1000;

/** `POST /api/v1/shipments/batch` body, for the OpenAPI document (rows are validated one by one). */
export const CreateShipmentBatchRequest = z.array(CreateShipmentRequest).min(1).max(MAX_BATCH_SHIPMENTS);
