import { randomUUID } from 'node:crypto';
import { EventPayload, newEvent, ShipmentStatus, SlaState } from '@waybill/contracts';
import { applyEvent, ShipmentState, TriggerEvent } from '../shipments/shipment-state';
import { decideNotifications, versionOf } from './decide-notifications';
import { DEFAULT_RULES, NotificationRulesSchema } from './notification-rules';

const SHIPMENT = randomUUID();
const PROMISE = '2025-03-05T18:00:00.000Z';

function aShipment(overrides: Partial<ShipmentState> = {}): ShipmentState {
  return {
    shipmentId: SHIPMENT,
    trackingNumber: 'WB0123456789ABCDEF',
    carrier: 'dhl',
    region: 'FR',
    serviceLevel: 'express',
    promisedBy: PROMISE,
    timeZone: 'Europe/Paris',
    status: 'in_transit',
    statusVersion: 3,
    reasonCode: null,
    slaState: 'on_track',
    eta: null,
    lastEventAt: '2025-03-04T08:00:00.000Z',
    deliveredAt: null,
    deliveredOnTime: null,
    breachedAt: null,
    ...overrides,
  };
}

function statusChanged(status: ShipmentStatus, version: number, occurredAt = '2025-03-05T09:00:00Z'): TriggerEvent {
  return newEvent(
    'tracking.status_changed',
    SHIPMENT,
    { trackingNumber: 'WB0123456789ABCDEF', previousStatus: 'in_transit', status, version },
    { source: 'tracking', occurredAt },
  );
}

type SlaType = 'sla.at_risk' | 'sla.late' | 'sla.breached' | 'sla.met' | 'sla.delivered_late' | 'sla.recovered';

function sla(type: SlaType, state: SlaState, extra: Partial<EventPayload<'sla.breached'>> = {}): TriggerEvent {
  return newEvent(type, SHIPMENT, { previousState: 'on_track', state, promisedBy: PROMISE, ...extra }, { source: 'sla-monitor' });
}

function decide(event: TriggerEvent, before = aShipment()) {
  const { state, stale } = applyEvent(before, event);
  return decideNotifications(event, state, DEFAULT_RULES, stale).map((d) => ({
    kind: d.kind,
    channels: d.channels,
    late: d.late,
  }));
}

describe('the default notification rules', () => {
  it.each<[string, TriggerEvent, Partial<ShipmentState>, { kind: string; channels: string[]; late: boolean }[]]>([
    ['out for delivery while on time', statusChanged('out_for_delivery', 4), {}, [{ kind: 'out_for_delivery', channels: ['email', 'sms'], late: false }]],
    ['out for delivery while at risk', statusChanged('out_for_delivery', 4), { slaState: 'at_risk' }, [{ kind: 'out_for_delivery', channels: ['email', 'sms'], late: false }]],
    ['out for delivery after the promise passed', statusChanged('out_for_delivery', 4), { slaState: 'breached' }, []],
    ['a scan that only moves the parcel along', statusChanged('in_transit', 4), {}, []],
    ['a failed delivery attempt', statusChanged('delivery_attempt_failed', 4), {}, [{ kind: 'delivery_attempt_failed', channels: ['email', 'sms'], late: false }]],
    ['an exception', statusChanged('exception', 4), {}, [{ kind: 'exception', channels: ['email'], late: false }]],
    ['delivery before the promise', statusChanged('delivered', 4, '2025-03-05T17:00:00Z'), {}, [{ kind: 'delivered', channels: ['email'], late: false }]],
    ['delivery after the promise', statusChanged('delivered', 4, '2025-03-05T19:00:00Z'), {}, [{ kind: 'delivered', channels: ['email'], late: true }]],
    ['delivery of a parcel already breached', statusChanged('delivered', 4, '2025-03-05T17:00:00Z'), { slaState: 'breached' }, [{ kind: 'delivered', channels: ['email'], late: true }]],
    ['a status older than the one known', statusChanged('out_for_delivery', 3), {}, []],
    ['sla.at_risk', sla('sla.at_risk', 'at_risk', { reason: 'eta_past_promise' }), {}, [{ kind: 'at_risk', channels: ['email'], late: false }]],
    ['sla.at_risk after an exception, already told', sla('sla.at_risk', 'at_risk', { reason: 'exception' }), {}, []],
    ['sla.at_risk after a failed attempt, already told', sla('sla.at_risk', 'at_risk', { reason: 'delivery_attempt_failed' }), {}, []],
    ['sla.at_risk without a reason', sla('sla.at_risk', 'at_risk'), {}, []],
    ['sla.breached', sla('sla.breached', 'breached', { lateBySeconds: 60 }), {}, [{ kind: 'breached', channels: ['email', 'sms'], late: true }]],
    ['sla.late', sla('sla.late', 'late', { lateBySeconds: 60 }), {}, []],
    ['sla.met', sla('sla.met', 'met'), {}, []],
    ['sla.recovered', sla('sla.recovered', 'on_track'), {}, []],
  ])('on %s', (_what, event, before, expected) => {
    expect(decide(event, aShipment(before))).toEqual(expected);
  });
});

describe('the status version in the dedupe key', () => {
  it('is the tracking status version for status events', () => {
    expect(versionOf(statusChanged('delivered', 7))).toBe('v7');
  });

  it('is the judged promise for SLA events, so a re-sent breach of the same promise maps to the same key', () => {
    expect(versionOf(sla('sla.breached', 'breached'))).toBe(versionOf(sla('sla.breached', 'breached')));
    expect(versionOf(sla('sla.breached', 'breached', { promisedBy: '2025-03-06T18:00:00Z' }))).not.toBe(
      versionOf(sla('sla.breached', 'breached')),
    );
  });
});

describe('applyEvent', () => {
  it('moves the status forward and remembers the version and reason', () => {
    const event = newEvent(
      'tracking.status_changed',
      SHIPMENT,
      { trackingNumber: 'WB0123456789ABCDEF', previousStatus: 'out_for_delivery', status: 'delivery_attempt_failed', version: 5, reasonCode: 'consignee_not_home' },
      { source: 'tracking' },
    );
    const { state, stale } = applyEvent(aShipment(), event);
    expect(stale).toBe(false);
    expect(state).toMatchObject({ status: 'delivery_attempt_failed', statusVersion: 5, reasonCode: 'consignee_not_home' });
  });

  it('never moves the status backwards on a late event', () => {
    const before = aShipment({ status: 'delivered', statusVersion: 6 });
    expect(applyEvent(before, statusChanged('out_for_delivery', 5))).toEqual({ state: before, stale: true });
  });

  it('takes the SLA state and breach time from sla events', () => {
    const { state } = applyEvent(aShipment(), sla('sla.breached', 'breached'));
    expect(state.slaState).toBe('breached');
    expect(state.breachedAt).not.toBeNull();
  });

  it('takes the estimate from tracking.eta_updated', () => {
    const event = newEvent(
      'tracking.eta_updated',
      SHIPMENT,
      { trackingNumber: 'WB0123456789ABCDEF', eta: '2025-03-06T10:00:00+01:00', previousEta: null },
      { source: 'tracking' },
    );
    expect(applyEvent(aShipment(), event).state.eta).toBe('2025-03-06T09:00:00.000Z');
  });

  it('lets sla-monitor overrule the on-time guess for a delivery', () => {
    const delivered = applyEvent(aShipment(), statusChanged('delivered', 4, '2025-03-05T17:00:00Z')).state;
    expect(delivered.deliveredOnTime).toBe(true);
    expect(applyEvent(delivered, sla('sla.delivered_late', 'delivered_late')).state.deliveredOnTime).toBe(false);
  });
});

describe('rules configuration', () => {
  it('rejects a rule with an unknown kind or no channel, naming the field', () => {
    const result = NotificationRulesSchema.safeParse({ rules: [{ kind: 'birthday', on: 'sla.breached', channels: [] }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['rules.0.channels', 'rules.0.kind']);
  });
});
