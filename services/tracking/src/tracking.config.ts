import { z } from 'zod';
import { loadConfig } from '@waybill/service-kit';

/** Tracking's own settings, read from the environment when the module is registered. */
export const TrackingEnv = z.object({
  /** A moving shipment with no scan for this long is reported as `tracking.stale`. */
  TRACKING_STALE_AFTER_MS: z.coerce.number().int().min(1000).default(48 * 3600_000),
  /** How often the stale poller looks for due shipments. */
  TRACKING_STALE_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(30_000),
});
export type TrackingConfig = z.infer<typeof TrackingEnv>;

export const TRACKING_CONFIG = Symbol('TRACKING_CONFIG');

export function loadTrackingConfig(env: NodeJS.ProcessEnv = process.env): TrackingConfig {
  return loadConfig(TrackingEnv, env);
}
