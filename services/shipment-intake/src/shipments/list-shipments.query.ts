import { z } from 'zod';
import { IsoDateTimeSchema, ServiceLevelSchema, ShipmentStatusSchema, SlaStateSchema } from '@waybill/contracts';

/** `GET /api/v1/shipments` query: filters, then a page of at most `limit` after `cursor`. */
export const ListShipmentsQuery = z.strictObject({
  status: ShipmentStatusSchema.optional(),
  slaState: SlaStateSchema.optional(),
  serviceLevel: ServiceLevelSchema.optional(),
  carrier: z.string().min(1).max(50).optional(),
  merchantReference: z.string().min(1).max(100).optional(),
  createdFrom: IsoDateTimeSchema.optional(),
  createdTo: IsoDateTimeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export type ListShipmentsQuery = z.infer<typeof ListShipmentsQuery>;

interface CursorPosition {
  createdAt: string;
  id: string;
}

const CursorSchema = z.object({ t: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/), i: z.uuid() });

/** Opaque to clients: the (created_at, id) of the last row of the page, newest first. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ t: position.createdAt, i: position.id })).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition | null {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? { createdAt: parsed.data.t, id: parsed.data.i } : null;
  } catch {
    return null;
  }
}
