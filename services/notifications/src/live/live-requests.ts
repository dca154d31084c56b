import { z } from 'zod';
import { ServiceLevelSchema } from '@waybill/contracts';

const Resume = {
  lastSeq: z.number().int().nonnegative().optional(),
  epoch: z.string().min(1).max(40).optional(),
};

export const BoardSubscribeSchema = z.object({
  filters: z
    .object({
      carrier: z.string().min(1).max(50).optional(),
      region: z.string().min(1).max(100).optional(),
      serviceLevel: ServiceLevelSchema.optional(),
    })
    .strict()
    .optional(),
  ...Resume,
});

export const TrackingSubscribeSchema = z.object({
  trackingNumber: z.string().min(6).max(40),
  token: z.string().min(1).max(100),
  ...Resume,
});

export function problemsOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
}
