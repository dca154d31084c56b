import { DateTime } from 'luxon';

/** A recipient's choices, keyed by their address (an email address or a phone number). */
export interface RecipientPreferences {
  optedOut: boolean;
  /** Kinds the recipient does not want (e.g. `out_for_delivery`); the rest still come. */
  optedOutKinds: string[];
  /** Local times `HH:mm`; a window may wrap midnight (22:00–07:00). */
  quietHours: { start: string; end: string } | null;
  /** The recipient's zone for quiet hours; the destination's zone, then UTC, otherwise. */
  timeZone: string | null;
}

export type Suppression = 'opted_out' | 'quiet_hours' | null;

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function isWithinQuietHours(
  quietHours: { start: string; end: string },
  now: Date,
  timeZone: string,
): boolean {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const zoned = local.isValid ? local : DateTime.fromJSDate(now, { zone: 'utc' });
  const at = zoned.hour * 60 + zoned.minute;
  const start = minutes(quietHours.start);
  const end = minutes(quietHours.end);
  if (start === end) return false;
  return start < end ? at >= start && at < end : at >= start || at < end;
}

/** Whether a notification must be held back, and why. Pure. */
export function suppressionFor(input: {
  kind: string;
  respectQuietHours: boolean;
  preferences: RecipientPreferences | null;
  now: Date;
  destinationTimeZone: string | null;
}): Suppression {
  const { preferences } = input;
  if (!preferences) return null;
  if (preferences.optedOut || preferences.optedOutKinds.includes(input.kind)) return 'opted_out';
  if (input.respectQuietHours && preferences.quietHours) {
    const zone = preferences.timeZone ?? input.destinationTimeZone ?? 'UTC';
    if (isWithinQuietHours(preferences.quietHours, input.now, zone)) return 'quiet_hours';
  }
  return null;
}
