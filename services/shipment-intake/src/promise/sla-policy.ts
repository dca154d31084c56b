import type { ServiceLevel } from '@waybill/contracts';

/** Local wall-clock time, "HH:mm", read in the destination's time zone. */
export type LocalTime = `${number}:${number}`;

export interface ServiceLevelRule {
  /** Business days between the dispatch day and the delivery day (0: delivered on the dispatch day). */
  transitBusinessDays: number;
  /** Orders placed at or after this local time are dispatched on the next business day. */
  cutoff: LocalTime;
  /** The promise is this local time on the delivery day. */
  deliveryBy: LocalTime;
}

export interface HolidayCalendar {
  /** Recorded on every shipment whose promise it made, e.g. "FR-2025". */
  id: string;
  /** ISO weekdays that are not business days (1 = Monday … 7 = Sunday). */
  weekend: number[];
  /** Local dates (yyyy-mm-dd) that are not business days. */
  holidays: string[];
  /** Years the holiday list covers; outside them only the weekend counts. */
  covers: number[];
}

export interface SlaPolicy {
  version: string;
  /** The policy is in force for orders placed from this instant on. */
  effectiveFrom: string;
  serviceLevels: Record<ServiceLevel, ServiceLevelRule>;
  /** Holiday calendars by destination country (ISO 3166-1 alpha-2). */
  calendars: Record<string, HolidayCalendar>;
  /** Used for a destination country without its own calendar. */
  defaultCalendar: HolidayCalendar;
}
