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
  recipient: RecipientSchema,
  origin: AddressSchema,
  destination: AddressSchema,
  parcels: z.array(ParcelSchema).min(1),
});

export const ShipmentUpdatedPayload = z.object({
  recipient: RecipientSchema.optional(),
  destination: AddressSchema.optional(),
});

export const ShipmentCancelledPayload = z.object({
  reason: z.string().max(500).optional(),
});
