import { z } from 'zod';

/** Canonical shipment statuses (DESIGN.md §2). "Delayed" is not a status: it is the SLA state. */
export const ACTIVE_STATUSES = [
  'created',
  'info_received',
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'delivery_attempt_failed',
  'exception',
  'returning_to_sender',
] as const;
export const FINAL_STATUSES = ['delivered', 'returned_to_sender', 'cancelled', 'expired'] as const;
export const SHIPMENT_STATUSES = [...ACTIVE_STATUSES, ...FINAL_STATUSES] as const;
export const ShipmentStatusSchema = z.enum(SHIPMENT_STATUSES);
export type ShipmentStatus = z.infer<typeof ShipmentStatusSchema>;

export function isFinalStatus(status: ShipmentStatus): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

/** Why a delivery failed or an exception happened; carrier detail goes in `substatus`. */
export const REASON_CODES = [
  'consignee_not_home',
  'carrier_sorting_error',
  'customs_delay',
  'weather_delay',
  'address_not_found',
  'damaged',
  'refused_by_consignee',
  'other',
] as const;
export const ReasonCodeSchema = z.enum(REASON_CODES);
export type ReasonCode = z.infer<typeof ReasonCodeSchema>;

export const SLA_STATES = ['on_track', 'at_risk', 'late', 'breached', 'met', 'delivered_late'] as const;
export const SlaStateSchema = z.enum(SLA_STATES);
export type SlaState = z.infer<typeof SlaStateSchema>;

export const AT_RISK_REASONS = [
  'not_out_for_delivery_by_cutoff',
  'no_scan_too_long',
  'exception',
  'delivery_attempt_failed',
  'eta_past_promise',
] as const;
export const AtRiskReasonSchema = z.enum(AT_RISK_REASONS);
export type AtRiskReason = z.infer<typeof AtRiskReasonSchema>;

export const SERVICE_LEVELS = ['same_day', 'next_day', 'express', 'standard', 'economy'] as const;
export const ServiceLevelSchema = z.enum(SERVICE_LEVELS);
export type ServiceLevel = z.infer<typeof ServiceLevelSchema>;

export const NOTIFICATION_CHANNELS = ['email', 'webhook', 'sms'] as const;
export const NotificationChannelSchema = z.enum(NOTIFICATION_CHANNELS);
