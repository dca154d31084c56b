import { atRiskReason, decide, nextDueAt, SlaPolicy } from './sla-rules';
import { emptyRecord, SlaRecord } from './sla-record';

const policy: SlaPolicy = {
  breachGraceMs: 2 * 3600_000,
  outForDeliveryLeadMs: 8 * 3600_000,
  noScanAfterMs: 24 * 3600_000,
};
const PROMISE = new Date('2025-03-05T20:00:00Z');
const at = (iso: string) => new Date(iso);

function aRecord(overrides: Partial<SlaRecord> = {}): SlaRecord {
  return {
    ...emptyRecord('6f1c4a52-6a1e-4d8e-9d55-3f3a8b7b2a10'),
    promisedBy: PROMISE,
    createdAt: at('2025-03-03T09:00:00Z'),
    lastScanAt: at('2025-03-05T07:00:00Z'),
    status: 'in_transit',
    statusVersion: 3,
    ...overrides,
  };
}

describe('atRiskReason', () => {
  it.each<[string, Partial<SlaRecord>, string, string | null]>([
    ['nothing is wrong', {}, '2025-03-05T08:00:00Z', null],
    ['the shipment is in exception', { status: 'exception' }, '2025-03-05T08:00:00Z', 'exception'],
    ['a delivery attempt failed', { status: 'delivery_attempt_failed' }, '2025-03-05T08:00:00Z', 'delivery_attempt_failed'],
    ['the ETA is after the promise', { eta: at('2025-03-06T10:00:00Z') }, '2025-03-05T08:00:00Z', 'eta_past_promise'],
    ['the ETA is before the promise', { eta: at('2025-03-05T15:00:00Z') }, '2025-03-05T08:00:00Z', null],
    ['not out for delivery at the cut-off', {}, '2025-03-05T12:00:00Z', 'not_out_for_delivery_by_cutoff'],
    ['out for delivery at the cut-off', { status: 'out_for_delivery' }, '2025-03-05T12:00:00Z', null],
    ['waiting at a pickup point at the cut-off', { status: 'available_for_pickup' }, '2025-03-05T13:00:00Z', null],
    ['no scan for 24 hours', { lastScanAt: at('2025-03-04T07:59:00Z') }, '2025-03-05T08:00:00Z', 'no_scan_too_long'],
    ['tracking reported it stale', { staleSince: at('2025-03-04T09:00:00Z') }, '2025-03-05T08:00:00Z', 'no_scan_too_long'],
    ['in exception and past the cut-off: exception first', { status: 'exception' }, '2025-03-05T13:00:00Z', 'exception'],
  ])('when %s', (_what, overrides, now, expected) => {
    expect(atRiskReason(aRecord(overrides), at(now), policy)).toBe(expected);
  });
});

describe('decide', () => {
  it.each<[string, Partial<SlaRecord>, string, string[], string]>([
    ['keeps a healthy shipment on track', {}, '2025-03-05T08:00:00Z', [], 'on_track'],
    ['warns when the shipment is not out for delivery by the cut-off', {}, '2025-03-05T12:00:00Z', ['sla.at_risk'], 'at_risk'],
    ['warns on an exception', { status: 'exception' }, '2025-03-04T10:00:00Z', ['sla.at_risk'], 'at_risk'],
    [
      'recovers an at-risk shipment that is back on track',
      { state: 'at_risk', atRiskReason: 'exception', status: 'in_transit' },
      '2025-03-04T10:00:00Z',
      ['sla.recovered'],
      'on_track',
    ],
    [
      'does not alert twice while still at risk for another reason',
      { state: 'at_risk', atRiskReason: 'exception', status: 'in_transit' },
      '2025-03-05T13:00:00Z',
      [],
      'at_risk',
    ],
    [
      'marks an undelivered shipment late at the promise',
      { state: 'at_risk', atRiskReason: 'not_out_for_delivery_by_cutoff' },
      '2025-03-05T20:00:00Z',
      ['sla.late'],
      'late',
    ],
    [
      'marks a late shipment breached once the grace has passed',
      { state: 'late', lateAt: PROMISE },
      '2025-03-05T22:00:00Z',
      ['sla.breached'],
      'breached',
    ],
    [
      'fires late and breached together for a deadline missed while the service was down',
      { state: 'at_risk', atRiskReason: 'no_scan_too_long' },
      '2025-03-06T08:00:00Z',
      ['sla.late', 'sla.breached'],
      'breached',
    ],
    [
      'goes from on track to late without an alert when nothing warned',
      { status: 'out_for_delivery' },
      '2025-03-05T20:00:01Z',
      ['sla.late'],
      'late',
    ],
    [
      'meets the promise when delivered before it',
      { state: 'at_risk', status: 'delivered', firstAttemptAt: at('2025-03-05T19:00:00Z'), firstAttemptDelivered: true, deliveredAt: at('2025-03-05T19:00:00Z') },
      '2025-03-05T19:00:05Z',
      ['sla.met'],
      'met',
    ],
    [
      'meets the promise when a late delivery scan shows an on-time delivery',
      { state: 'late', status: 'delivered', firstAttemptAt: at('2025-03-05T19:59:00Z'), firstAttemptDelivered: true, deliveredAt: at('2025-03-05T19:59:00Z') },
      '2025-03-05T20:30:00Z',
      ['sla.met'],
      'met',
    ],
    [
      'delivers late when the first attempt came after the promise',
      { state: 'late', status: 'delivered', firstAttemptAt: at('2025-03-05T21:00:00Z'), firstAttemptDelivered: true, deliveredAt: at('2025-03-05T21:00:00Z') },
      '2025-03-05T21:00:01Z',
      ['sla.delivered_late'],
      'delivered_late',
    ],
    [
      'judges on the first attempt: failed on time, delivered on the next day, is met',
      { state: 'at_risk', atRiskReason: 'delivery_attempt_failed', status: 'delivered', firstAttemptAt: at('2025-03-05T15:00:00Z'), firstAttemptDelivered: false, deliveredAt: at('2025-03-06T11:00:00Z') },
      '2025-03-06T11:00:01Z',
      ['sla.met'],
      'met',
    ],
    [
      'neither late nor breached after a failed attempt made on time',
      { state: 'at_risk', atRiskReason: 'delivery_attempt_failed', status: 'delivery_attempt_failed', firstAttemptAt: at('2025-03-05T15:00:00Z'), firstAttemptDelivered: false },
      '2025-03-06T08:00:00Z',
      [],
      'at_risk',
    ],
    [
      'stays late and not breached after a failed attempt made after the promise',
      { state: 'late', status: 'delivery_attempt_failed', firstAttemptAt: at('2025-03-05T21:00:00Z'), firstAttemptDelivered: false },
      '2025-03-06T08:00:00Z',
      [],
      'late',
    ],
    ['stops the clock of a cancelled shipment', { stoppedReason: 'cancelled' }, '2025-03-07T08:00:00Z', [], 'on_track'],
    [
      'never leaves breached, even when delivered afterwards',
      { state: 'breached', breachedAt: at('2025-03-05T22:00:00Z'), status: 'delivered', firstAttemptAt: at('2025-03-06T10:00:00Z'), deliveredAt: at('2025-03-06T10:00:00Z') },
      '2025-03-06T10:00:01Z',
      [],
      'breached',
    ],
    ['does nothing before shipment.created arrived', { promisedBy: null, status: 'exception' }, '2025-03-06T10:00:00Z', [], 'on_track'],
  ])('%s', (_what, overrides, now, events, state) => {
    const decision = decide(aRecord(overrides), at(now), policy);
    expect(decision.transitions.map((t) => t.type)).toEqual(events);
    expect(decision.record.state).toBe(state);
  });

  it('gives each transition its previous state, its reason and when it happened', () => {
    const { transitions } = decide(
      aRecord({ state: 'at_risk', atRiskReason: 'not_out_for_delivery_by_cutoff' }),
      at('2025-03-05T22:00:30Z'),
      policy,
    );
    expect(transitions).toEqual([
      { type: 'sla.late', previousState: 'at_risk', state: 'late', reason: 'not_out_for_delivery_by_cutoff', lateBySeconds: 7230, occurredAt: PROMISE },
      { type: 'sla.breached', previousState: 'late', state: 'breached', reason: 'not_out_for_delivery_by_cutoff', lateBySeconds: 7230, occurredAt: at('2025-03-05T22:00:00Z') },
    ]);
  });

  it('reports the lateness of a late delivery from its first attempt', () => {
    const { transitions, record } = decide(
      aRecord({ state: 'late', status: 'delivered', firstAttemptAt: at('2025-03-05T20:10:00Z'), deliveredAt: at('2025-03-05T20:10:00Z') }),
      at('2025-03-05T20:30:00Z'),
      policy,
    );
    expect(transitions[0]).toMatchObject({ type: 'sla.delivered_late', previousState: 'late', lateBySeconds: 600 });
    expect(record.closedAt).toEqual(at('2025-03-05T20:10:00Z'));
  });

  it('records when a shipment was first warned, and keeps it across recoveries', () => {
    const warned = decide(aRecord({ status: 'exception' }), at('2025-03-04T10:00:00Z'), policy).record;
    const recovered = decide({ ...warned, status: 'in_transit' }, at('2025-03-04T11:00:00Z'), policy).record;
    const warnedAgain = decide({ ...recovered, status: 'exception' }, at('2025-03-04T12:00:00Z'), policy).record;
    expect(warnedAgain.firstAtRiskAt).toEqual(at('2025-03-04T10:00:00Z'));
    expect(recovered.atRiskReason).toBeNull();
  });

  it('records the real lateness of a breached shipment delivered afterwards, without an event', () => {
    const { record, transitions } = decide(
      aRecord({ state: 'breached', status: 'delivered', firstAttemptAt: at('2025-03-06T20:00:00Z'), deliveredAt: at('2025-03-06T20:00:00Z') }),
      at('2025-03-06T20:00:01Z'),
      policy,
    );
    expect(transitions).toEqual([]);
    expect(record.lateBySeconds).toBe(24 * 3600);
  });

  it('emits each transition once: deciding again at the same time changes nothing', () => {
    const first = decide(aRecord({ status: 'exception' }), at('2025-03-06T08:00:00Z'), policy);
    const again = decide(first.record, at('2025-03-06T08:00:00Z'), policy);
    expect(first.transitions.map((t) => t.type)).toEqual(['sla.late', 'sla.breached']);
    expect(again.transitions).toEqual([]);
  });
});

describe('nextDueAt', () => {
  it.each<[string, Partial<SlaRecord>, string, string | null]>([
    ['the cut-off comes first for a fresh shipment', {}, '2025-03-05T08:00:00Z', '2025-03-05T12:00:00Z'],
    ['no scan for 24 hours comes first early on', { lastScanAt: at('2025-03-04T09:00:00Z') }, '2025-03-04T10:00:00Z', '2025-03-05T09:00:00Z'],
    ['the promise once warned at the cut-off', { state: 'at_risk' }, '2025-03-05T12:00:00Z', '2025-03-05T20:00:00Z'],
    ['the end of the grace once late', { state: 'late' }, '2025-03-05T20:00:00Z', '2025-03-05T22:00:00Z'],
    ['nothing once attempted on time', { firstAttemptAt: at('2025-03-05T10:00:00Z'), lastScanAt: at('2025-03-05T10:00:00Z'), status: 'delivery_attempt_failed' }, '2025-03-05T10:00:00Z', '2025-03-06T10:00:00Z'],
    ['nothing once met', { state: 'met' }, '2025-03-05T10:00:00Z', null],
    ['nothing once cancelled', { stoppedReason: 'cancelled' }, '2025-03-05T10:00:00Z', null],
    ['nothing before the promise is known', { promisedBy: null }, '2025-03-05T10:00:00Z', null],
  ])('%s', (_what, overrides, now, expected) => {
    expect(nextDueAt(aRecord(overrides), at(now), policy)).toEqual(expected ? at(expected) : null);
  });
});
