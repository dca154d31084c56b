import { z } from 'zod';
import { CommonEnv, loadConfig } from '@waybill/service-kit';

const positiveInt = (fallback: number, max = 86_400_000) => z.coerce.number().int().min(1).max(max).default(fallback);

/**
 * What notifications reads from the environment besides ServiceSettings. Every variable is
 * optional: without SMTP_URL or SMS_PROVIDER_URL those channels record notifications without
 * sending them. A bad value stops the process with the variable named.
 */
export const NotificationsEnv = z.object({
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]+/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587')
    .optional(),
  SMTP_FROM: z.string().min(3).default('Waybill <notifications@waybill.local>'),
  SMTP_MAX_CONNECTIONS: positiveInt(5, 100),
  SMS_PROVIDER_URL: z.url().optional(),
  SMS_PROVIDER_TOKEN: z.string().min(1).optional(),
  SMS_FROM: z.string().min(1).default('Waybill'),
  /** Attempts per notification (email, webhook, SMS) before it is failed. */
  NOTIFY_MAX_ATTEMPTS: positiveInt(6, 50),
  /** First retry delay; each later retry doubles it (with jitter), up to NOTIFY_RETRY_MAX_MS. */
  NOTIFY_RETRY_BASE_MS: positiveInt(2_000),
  NOTIFY_RETRY_MAX_MS: positiveInt(3_600_000),
  NOTIFY_DISPATCH_POLL_MS: positiveInt(500, 60_000),
  NOTIFY_SEND_CONCURRENCY: positiveInt(20, 500),
  WEBHOOK_TIMEOUT_MS: positiveInt(5_000, 120_000),
  /**
   * Webhook URLs on private, loopback or link-local addresses are refused in production (a
   * merchant must not make us call our own network); development and tests post to local
   * receivers. Read with allowPrivateWebhookTargets (libs/access).
   */
  NODE_ENV: CommonEnv.NODE_ENV,
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.stringbool().optional(),
  /** Consecutive failed attempts after which an endpoint is disabled. */
  WEBHOOK_DISABLE_AFTER_FAILURES: positiveInt(20, 10_000),
  /** A YAML or JSON file replacing the default notification rules. */
  NOTIFICATION_RULES_FILE: z.string().min(1).optional(),
  /** Board messages are coalesced and sent once per tick. */
  BOARD_FLUSH_MS: positiveInt(50, 5_000),
  BOARD_COUNTERS_MS: positiveInt(1_000, 60_000),
  /** Board messages kept in memory for clients that reconnect. */
  BOARD_REPLAY_CAPACITY: positiveInt(20_000, 1_000_000),
});
export type NotificationsConfig = z.infer<typeof NotificationsEnv>;

export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');

export function loadNotificationsConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  return loadConfig(NotificationsEnv, env);
}
