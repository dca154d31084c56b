import { z } from 'zod';
import { ReasonCode, ReasonCodeSchema, ShipmentStatus, ShipmentStatusSchema } from '@waybill/contracts';
import dhl from './dhl.json';
import ups from './ups.json';

/** One carrier's mapping file (`carriers/<carrier>.json`): its codes and what each one means. */
export const CarrierMappingSchema = z.strictObject({
  carrier: z.string().min(1).max(50),
  description: z.string().optional(),
  codes: z.record(
    z.string().min(1).max(50),
    z.strictObject({
      status: ShipmentStatusSchema,
      reasonCode: ReasonCodeSchema.optional(),
      label: z.string().max(200).optional(),
    }),
  ),
});
export type CarrierMapping = z.infer<typeof CarrierMappingSchema>;

export interface MappedCode {
  status: ShipmentStatus | 'unknown';
  reasonCode?: ReasonCode;
  label?: string;
}

export type CarrierCodeTable = (carrier: string, code: string) => MappedCode;

const normalise = (value: string) => value.trim().toUpperCase();

/** Builds the lookup; a malformed mapping file stops the service at start, naming the file. */
export function carrierCodeTable(mappings: unknown[]): CarrierCodeTable {
  const byCarrier = new Map<string, Map<string, MappedCode>>();
  for (const raw of mappings) {
    const result = CarrierMappingSchema.safeParse(raw);
    if (!result.success) {
      const where = (raw as { carrier?: unknown })?.carrier ?? '(unnamed)';
      throw new Error(`carrier mapping ${String(where)} is invalid: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const codes = new Map<string, MappedCode>();
    for (const [code, meaning] of Object.entries(result.data.codes)) codes.set(normalise(code), meaning);
    byCarrier.set(result.data.carrier.toLowerCase(), codes);
  }
  return (carrier, code) => byCarrier.get(carrier.toLowerCase())?.get(normalise(code)) ?? { status: 'unknown' };
}

/** The mappings shipped with Waybill; add a carrier by adding its JSON file here. */
export const BUILT_IN_CARRIER_MAPPINGS: unknown[] = [dhl, ups];

export const carrierCodes: CarrierCodeTable = carrierCodeTable(BUILT_IN_CARRIER_MAPPINGS);
