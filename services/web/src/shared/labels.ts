import type { AtRiskReason, ServiceLevel, SlaAlertType, SlaState } from '@waybill/contracts';

/** Staff-facing words for the vocabulary; each map lists every value, so the compiler checks it. */
export const SERVICE_LEVEL_LABELS: Record<ServiceLevel, string> = {
  same_day: 'Same day',
  next_day: 'Next day',
  express: 'Express',
  standard: 'Standard',
  economy: 'Economy',
};
export const SERVICE_LEVELS = Object.keys(SERVICE_LEVEL_LABELS) as ServiceLevel[];

export const SLA_STATE_LABELS: Record<SlaState, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  late: 'Late',
  breached: 'Breached',
  met: 'Met',
  delivered_late: 'Delivered late',
};
export const SLA_STATES = Object.keys(SLA_STATE_LABELS) as SlaState[];
/** The states a board row can be in (the others end the shipment's time on the board). */
export const BOARD_SLA_STATES: SlaState[] = ['on_track', 'at_risk', 'late', 'breached'];

export const AT_RISK_REASON_LABELS: Record<AtRiskReason, string> = {
  not_out_for_delivery_by_cutoff: 'Not out for delivery by the cut-off',
  no_scan_too_long: 'No scan for too long',
  exception: 'Exception',
  delivery_attempt_failed: 'Delivery attempt failed',
  eta_past_promise: 'ETA past the promise',
};
export const AT_RISK_REASONS = Object.keys(AT_RISK_REASON_LABELS) as AtRiskReason[];

export const ALERT_LABELS: Record<SlaAlertType, string> = {
  'sla.at_risk': 'At risk',
  'sla.late': 'Late',
  'sla.breached': 'Breached',
};
