import { z } from 'zod';
import { NotificationChannelSchema } from '../vocabulary';

export const NotificationOutcomePayload = z.object({
  notificationId: z.string(),
  channel: NotificationChannelSchema,
  kind: z.string(),
  reason: z.string().optional(),
});
