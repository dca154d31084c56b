import { EventEnvelope } from '@waybill/contracts';
import { ShipmentState, TriggerEvent } from '../shipments/shipment-state';
import { CustomerChannel, NotificationKind, NotificationRule } from './notification-rules';

export interface NotificationDecision {
  kind: NotificationKind;
  /**
   * The "status version" of the dedupe key (shipment, kind, version): the tracking status
   * version for status rules; for SLA rules the promise judged, so a customer hears about a
   * breach of one promise once, however often sla-monitor says it.
   */
  version: string;
  channels: CustomerChannel[];
  respectQuietHours: boolean;
  /** `delivered` is worded differently when the parcel came late. */
  late: boolean;
}

export function versionOf(event: TriggerEvent): string {
  switch (event.type) {
    case 'tracking.status_changed':
      return `v${(event as EventEnvelope<'tracking.status_changed'>).payload.version}`;
    case 'tracking.eta_updated':
      return `eta:${new Date((event as EventEnvelope<'tracking.eta_updated'>).payload.eta).toISOString()}`;
    default:
      return `promise:${new Date((event as EventEnvelope<'sla.breached'>).payload.promisedBy).toISOString()}`;
  }
}

function fires(rule: NotificationRule, event: TriggerEvent, state: ShipmentState): boolean {
  if (rule.on !== event.type) return false;
  if (rule.statuses) {
    const status = (event as EventEnvelope<'tracking.status_changed'>).payload.status;
    if (!rule.statuses.includes(status)) return false;
  }
  if (rule.reasons) {
    const reason = (event as EventEnvelope<'sla.at_risk'>).payload.reason;
    if (!reason || !rule.reasons.includes(reason)) return false;
  }
  return !rule.unlessSlaStates.includes(state.slaState);
}

/**
 * Which customer notifications an event calls for, given the shipment's state after the
 * event. Pure: the consumer records the decisions; dedupe, preferences and sending come after.
 */
export function decideNotifications(
  event: TriggerEvent,
  state: ShipmentState,
  rules: readonly NotificationRule[],
  stale = false,
): NotificationDecision[] {
  if (stale) return [];
  return rules
    .filter((rule) => fires(rule, event, state))
    .map((rule) => ({
      kind: rule.kind,
      version: versionOf(event),
      channels: rule.channels,
      respectQuietHours: rule.respectQuietHours,
      late: rule.kind === 'delivered' ? state.deliveredOnTime === false : rule.kind === 'breached',
    }));
}
