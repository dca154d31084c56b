import { z } from 'zod';
import {
  AddressSchema,
  IsoDateTimeSchema,
  ParcelSchema,
  RecipientSchema,
  ServiceLevelSchema,
} from '@waybill/contracts';

/** `POST /api/v1/shipments` body. */
export const CreateShipmentRequest = z.strictObject({
  merchantReference: z.string().min(1).max(100).optional(),
  serviceLevel: ServiceLevelSchema,
  carrier: z.string().min(1).max(50),
  promisedBy: IsoDateTimeSchema.optional(),
  recipient: RecipientSchema,
  origin: AddressSchema,
  destination: AddressSchema,
  parcels: z.array(ParcelSchema).min(1).max(100),
});
export type CreateShipmentRequest = z.infer<typeof CreateShipmentRequest>;
