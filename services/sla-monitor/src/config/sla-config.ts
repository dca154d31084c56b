import { z } from 'zod';
import { loadConfig } from '@waybill/service-kit';
import type { SlaPolicy } from '../rules/sla-rules';

/** sla-monitor's own knobs, read from the environment in both modes and checked at start. */
export const SlaEnv = z.object({
  /** How often the deadline poller looks for due deadlines when the last batch was not full. */
  SLA_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** Deadlines claimed per poller transaction. */
  SLA_POLL_BATCH: z.coerce.number().int().min(1).max(5_000).default(1_000),
  /** `late` fires at the promise; `breached` this long after it, unless a delivery attempt came first. */
  SLA_BREACH_GRACE_SECONDS: z.coerce.number().int().min(0).max(7 * 24 * 3600).default(7_200),
  /** The delivery-day cut-off: not out for delivery this long before the promise means at risk. */
  SLA_OUT_FOR_DELIVERY_LEAD_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(480),
  /** No scan for this long means at risk. */
  SLA_NO_SCAN_AFTER_MINUTES: z.coerce.number().int().min(1).max(30 * 24 * 60).default(1_440),
});

export interface SlaConfig {
  pollIntervalMs: number;
  pollBatchSize: number;
  policy: SlaPolicy;
}

export const SLA_CONFIG = Symbol('SLA_CONFIG');

/** Throws a ConfigError naming the bad variable. */
export function loadSlaConfig(env: NodeJS.ProcessEnv = process.env): SlaConfig {
  const raw = loadConfig(SlaEnv, env);
  return {
    pollIntervalMs: raw.SLA_POLL_MS,
    pollBatchSize: raw.SLA_POLL_BATCH,
    policy: {
      breachGraceMs: raw.SLA_BREACH_GRACE_SECONDS * 1000,
      outForDeliveryLeadMs: raw.SLA_OUT_FOR_DELIVERY_LEAD_MINUTES * 60_000,
      noScanAfterMs: raw.SLA_NO_SCAN_AFTER_MINUTES * 60_000,
    },
  };
}
