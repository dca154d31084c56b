/** Whether webhooks may target private addresses (dev and tests), as the host's config decides. */
export interface WebhookTargetPolicy {
  allowPrivate: boolean;
}

export const WEBHOOK_TARGETS = Symbol('WEBHOOK_TARGETS');
