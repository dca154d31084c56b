import { z } from 'zod';

/** Value shapes shared by several events and by the HTTP API. */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

export const CountryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, e.g. "FR"');

export const AddressSchema = z.object({
  line1: z.string().min(1).max(200).optional(),
  city: z.string().min(1).max(100),
  postalCode: z.string().min(1).max(20),
  country: CountryCodeSchema,
  region: z.string().min(1).max(100).optional(),
  timeZone: z.string().min(1).max(64).optional(),
});
export type Address = z.infer<typeof AddressSchema>;

export const RecipientSchema = z.object({
  name: z.string().min(1).max(200),
  email: z.email().optional(),
  phone: z.string().min(3).max(32).optional(),
  locale: z.string().min(2).max(10).default('en'),
});
export type Recipient = z.infer<typeof RecipientSchema>;

export const ParcelSchema = z.object({
  weightGrams: z.number().int().positive().max(1_000_000),
  lengthCm: z.number().positive().max(1000).optional(),
  widthCm: z.number().positive().max(1000).optional(),
  heightCm: z.number().positive().max(1000).optional(),
});
export type Parcel = z.infer<typeof ParcelSchema>;

export const LocationSchema = z.object({
  facility: z.string().max(200).optional(),
  city: z.string().max(100).optional(),
  country: CountryCodeSchema.optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
});
export type Location = z.infer<typeof LocationSchema>;
