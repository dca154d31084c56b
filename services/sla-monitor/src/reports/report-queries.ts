import { z } from 'zod';
import {
  AtRiskReasonSchema,
  CountryCodeSchema,
  IsoDateTimeSchema,
  ServiceLevelSchema,
} from '@waybill/contracts';

/** Where the next page of breaches starts: after this (breachedAt, shipmentId). */
export interface BreachCursor {
  breachedAt: string;
  shipmentId: string;
}

export function encodeCursor(cursor: BreachCursor): string {
  return Buffer.from(JSON.stringify([cursor.breachedAt, cursor.shipmentId])).toString('base64url');
}

const CursorParts = z.tuple([IsoDateTimeSchema, z.uuid()]);

export const CursorSchema = z
  .string()
  .max(200)
  .transform((value, ctx): BreachCursor => {
    try {
      const [breachedAt, shipmentId] = CursorParts.parse(JSON.parse(Buffer.from(value, 'base64url').toString()));
      return { breachedAt, shipmentId };
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
      return z.NEVER;
    }
  });

const filters = {
  from: IsoDateTimeSchema.optional().describe('Inclusive start (ISO 8601 with offset)'),
  to: IsoDateTimeSchema.optional().describe('Exclusive end (ISO 8601 with offset)'),
  serviceLevel: ServiceLevelSchema.optional(),
  carrier: z.string().min(1).max(50).optional(),
  region: CountryCodeSchema.optional().describe('Destination country, ISO 3166-1 alpha-2'),
};

function fromBeforeTo(query: { from?: string; to?: string }): boolean {
  return !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to);
}
const FROM_BEFORE_TO = { message: 'must be after from', path: ['to'] };

export const BreachesQueryShape = z.strictObject({
  ...filters,
  reason: AtRiskReasonSchema.optional().describe('The at-risk reason in effect when the promise broke'),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Page size (JSON only)'),
  cursor: CursorSchema.optional().describe('nextCursor of the previous page (JSON only)'),
  format: z.enum(['json', 'csv']).default('json').describe('csv streams every matching breach'),
});
export const BreachesQuery = BreachesQueryShape.refine(fromBeforeTo, FROM_BEFORE_TO);
export type BreachesParams = z.infer<typeof BreachesQuery>;

export const SUMMARY_GROUPS = ['day', 'serviceLevel', 'carrier', 'region'] as const;
export const SummaryQueryShape = z.strictObject({
  ...filters,
  groupBy: z.enum(SUMMARY_GROUPS).optional(),
});
export const SummaryQuery = SummaryQueryShape.refine(fromBeforeTo, FROM_BEFORE_TO);
export type SummaryParams = z.infer<typeof SummaryQuery>;
