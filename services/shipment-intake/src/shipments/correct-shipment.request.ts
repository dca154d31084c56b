import { z } from 'zod';
import { AddressSchema, RecipientSchema } from '@waybill/contracts';
import { TimeZoneSchema } from './create-shipment.request';

const AddressCorrection = z.strictObject({
  line1: AddressSchema.shape.line1,
  city: AddressSchema.shape.city.optional(),
  postalCode: AddressSchema.shape.postalCode.optional(),
  country: AddressSchema.shape.country.optional(),
  region: AddressSchema.shape.region,
  timeZone: TimeZoneSchema.optional(),
});

const RecipientCorrection = z.strictObject({
  name: RecipientSchema.shape.name.optional(),
  email: RecipientSchema.shape.email,
  phone: RecipientSchema.shape.phone,
  locale: z.string().min(2).max(10).optional(),
});

/** `PATCH /api/v1/shipments/:id`: contact and address corrections; fields left out stay as they are. */
export const CorrectShipmentRequest = z
  .strictObject({
    recipient: RecipientCorrection.optional(),
    origin: AddressCorrection.optional(),
    destination: AddressCorrection.optional(),
  })
  .refine((body) => Object.values(body).some((part) => part && Object.keys(part).length > 0), {
    message: 'give at least one field of recipient, origin or destination to correct',
  });
export type CorrectShipmentRequest = z.infer<typeof CorrectShipmentRequest>;

/** `POST /api/v1/shipments/:id/cancel` body (optional). */
export const CancelShipmentRequest = z.strictObject({ reason: z.string().min(1).max(500).optional() });
export type CancelShipmentRequest = z.infer<typeof CancelShipmentRequest>;
