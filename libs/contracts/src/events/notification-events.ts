import { z } from 'zod';
import { NotificationChannelSchema } from '../vocabulary';

/** Why a notification was not sent. `channel_not_configured`: recorded, e.g. no SMTP_URL. */
export const SUPPRESSION_REASONS = ['duplicate', 'opted_out', 'quiet_hours', 'channel_not_configured'] as const;
export const SuppressionReasonSchema = z.enum(SUPPRESSION_REASONS);
export type SuppressionReason = z.infer<typeof SuppressionReasonSchema>;

/**
 * `notification.sent`, `.failed` and `.suppressed`. `kind` is the customer notification kind
 * (`breached`, `delivered`, …) or, for webhooks, the event type delivered. No personal data.
 */
export const NotificationOutcomePayload = z.object({
  notificationId: z.string(),
  channel: NotificationChannelSchema,
  kind: z.string(),
  /** Suppressed: one of SUPPRESSION_REASONS. Failed: what went wrong on the last attempt. */
  reason: z.string().optional(),
  /** Delivery attempts made so far (sent and failed). */
  attempts: z.number().int().nonnegative().optional(),
});
