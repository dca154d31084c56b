import { z } from 'zod';

/** The events a merchant can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'tracking.status_changed',
  'tracking.eta_updated',
  'sla.at_risk',
  'sla.late',
  'sla.breached',
  'sla.met',
  'sla.delivered_late',
  'sla.recovered',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

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
