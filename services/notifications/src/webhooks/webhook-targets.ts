import type { WebhookTargetOptions } from '@waybill/access';

/**
 * Whether webhooks may target private addresses (dev and tests), as the host's config decides;
 * `lookup` replaces the DNS resolver (tests).
 */
export type WebhookTargetPolicy = WebhookTargetOptions;

export const WEBHOOK_TARGETS = Symbol('WEBHOOK_TARGETS');
