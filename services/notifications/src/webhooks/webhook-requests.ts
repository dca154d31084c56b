import { z } from 'zod';
import { TRIGGER_TYPES } from '../rules/notification-rules';

/** The events a merchant can subscribe to: the same ones notification rules can fire on. */
export const WEBHOOK_EVENT_TYPES = TRIGGER_TYPES;

export const CreateSubscriptionSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length),
  description: z.string().max(200).optional(),
});
export type CreateSubscriptionRequest = z.infer<typeof CreateSubscriptionSchema>;

export const DeliveryLogQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DeliveryLogQuery = z.infer<typeof DeliveryLogQuerySchema>;
