import { z } from 'zod';
import { AddressSchema, IsoDateTimeSchema, ParcelSchema, RecipientSchema } from '../shapes';
import { ServiceLevelSchema } from '../vocabulary';

export const ShipmentCreatedPayload = z.object({
  trackingNumber: z.string().min(6).max(40),
  merchantReference: z.string().max(100).optional(),
  serviceLevel: ServiceLevelSchema,
  carrier: z.string().min(1).max(50),
  promisedBy: IsoDateTimeSchema,
  /** Which SLA policy made the promise ("merchant" when the merchant gave `promisedBy`). */
  policyVersion: z.string().min(1),
  /** The holiday calendar the promise was counted on (absent when the merchant gave it). */
  promiseCalendar: z.string().min(1).optional(),
  recipient: RecipientSchema,
  origin: AddressSchema,
  /** `timeZone` is always set: the one given, or the one derived from the country. */
  destination: AddressSchema,
  parcels: z.array(ParcelSchema).min(1),
});

/**
 * A contact or address correction. Each object present is the shipment's complete corrected
 * value (not a diff), so a consumer replaces what it kept; absent objects did not change.
 */
export const ShipmentUpdatedPayload = z.object({
  trackingNumber: z.string().min(6).max(40).optional(),
  recipient: RecipientSchema.optional(),
  origin: AddressSchema.optional(),
  destination: AddressSchema.optional(),
  /** Dotted paths of the fields that changed, e.g. `recipient.email`. */
  changedFields: z.array(z.string()).optional(),
});

export const ShipmentCancelledPayload = z.object({
  trackingNumber: z.string().min(6).max(40).optional(),
  reason: z.string().max(500).optional(),
});
