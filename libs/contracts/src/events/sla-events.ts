import { z } from 'zod';
import { IsoDateTimeSchema } from '../shapes';
import { AtRiskReasonSchema, SlaStateSchema } from '../vocabulary';

/** Every `sla.*` event carries the transition it reports. */
export const SlaTransitionPayload = z.object({
  previousState: SlaStateSchema,
  state: SlaStateSchema,
  promisedBy: IsoDateTimeSchema,
  reason: AtRiskReasonSchema.optional(),
  /** Set on `late`, `breached` and `delivered_late`. */
  lateBySeconds: z.number().int().nonnegative().optional(),
});
