import fc from 'fast-check';
import { ACTIVE_STATUSES, FINAL_STATUSES, isFinalStatus, SHIPMENT_STATUSES, ShipmentStatus } from '@waybill/contracts';
import { PlacedScan } from './scan-order';
import { foldStatus, INITIAL_TRACK, isLate, reconcile, TrackState } from './shipment-track';
import { cancel, correct, OverrideResult } from './status-override';

const t = (hour: number) => Date.UTC(2025, 2, 3, hour);

function scan(key: string, status: PlacedScan['status'], hour: number): PlacedScan {
  return { key: `dhl:${key}`, carrierEventId: key, at: t(hour), status };
}

/** What the ingestion service does: drop known keys, give the history when a scan is late. */
function apply(state: TrackState, stored: Map<string, PlacedScan>, fresh: PlacedScan[]) {
  const news = fresh.filter((s) => !stored.has(s.key));
  for (const s of news) stored.set(s.key, s);
  const history = news.some((s) => isLate(state, s)) ? [...stored.values()] : undefined;
  return reconcile(state, news, history);
}

function scanned(scans: PlacedScan[]) {
  const stored = new Map<string, PlacedScan>();
  return { state: apply(INITIAL_TRACK, stored, scans).state, stored };
}

function applied(result: OverrideResult): TrackState {
  if (result.outcome !== 'applied') throw new Error(`expected the override to apply, got ${result.outcome}`);
  return result.state;
}

describe('cancelling a shipment', () => {
  it.each<[string, PlacedScan[], OverrideResult['outcome']]>([
    ['just registered', [], 'applied'],
    ['picked up', [scan('1', 'picked_up', 1)], 'applied'],
    ['out for delivery', [scan('1', 'picked_up', 1), scan('2', 'out_for_delivery', 2)], 'applied'],
    ['in exception', [scan('1', 'exception', 1)], 'applied'],
    ['delivered', [scan('1', 'delivered', 1)], 'regression'],
    ['returned to sender', [scan('1', 'returned_to_sender', 1)], 'regression'],
  ])('%s → %s', (_, scans, outcome) => {
    expect(cancel(scanned(scans).state, { at: t(3), key: 'cancel:a' }).outcome).toBe(outcome);
  });

  it('makes the status cancelled with the next version, at the time of the cancellation', () => {
    const { state } = scanned([scan('1', 'picked_up', 1)]);
    const result = cancel(state, { at: t(3), key: 'cancel:a' });
    expect(result).toEqual({
      outcome: 'applied',
      previous: 'picked_up',
      state: {
        status: 'cancelled',
        version: 3,
        statusAt: t(3),
        latest: { at: t(3), key: 'cancel:a' },
        override: { at: t(3), key: 'cancel:a', status: 'cancelled' },
      },
    });
  });

  it('changes nothing when cancelled twice', () => {
    const once = applied(cancel(INITIAL_TRACK, { at: t(3), key: 'cancel:a' }));
    expect(cancel(once, { at: t(4), key: 'cancel:b' })).toEqual({ outcome: 'same' });
  });

  it('sorts after every scan already known, even one stamped later than the cancellation', () => {
    const { state } = scanned([scan('1', 'in_transit', 5)]);
    const cancelled = applied(cancel(state, { at: t(3), key: 'cancel:a' }));
    expect(cancelled.override).toEqual({ at: t(5) + 1, key: 'cancel:a', status: 'cancelled' });
  });

  it.each<[string, PlacedScan]>([
    ['a later scan', scan('2', 'out_for_delivery', 6)],
    ['a later delivery', scan('2', 'delivered', 6)],
    ['a late scan from before the cancellation', scan('2', 'in_transit', 1)],
    ['a late delivery from before the cancellation', scan('2', 'delivered', 2)],
  ])('reports %s as a regression and stays cancelled', (_, later) => {
    const { state, stored } = scanned([scan('1', 'picked_up', 1)]);
    const cancelled = applied(cancel(state, { at: t(3), key: 'cancel:a' }));
    const { state: after, changes, regressions } = apply(cancelled, stored, [later]);
    expect(after.status).toBe('cancelled');
    expect(after.version).toBe(cancelled.version);
    expect(changes).toEqual([]);
    expect(regressions).toEqual([{ current: 'cancelled', scan: later }]);
  });

  it('takes a later cancelled scan as the same status: nothing to report', () => {
    const cancelled = applied(cancel(INITIAL_TRACK, { at: t(3), key: 'cancel:a' }));
    const { state, changes, regressions } = apply(cancelled, new Map(), [scan('2', 'cancelled', 6)]);
    expect([state.status, changes, regressions]).toEqual(['cancelled', [], []]);
  });
});

describe('correcting a final status', () => {
  it.each(ACTIVE_STATUSES)('refuses while the shipment is %s: scans still move it', (status) => {
    const state: TrackState = { ...INITIAL_TRACK, status };
    expect(correct(state, 'delivered', { at: t(9), key: 'correction:1' })).toEqual({ outcome: 'not_final' });
  });

  it.each(FINAL_STATUSES)('changes nothing when asked to set %s again', (status) => {
    const state: TrackState = { ...INITIAL_TRACK, status, version: 4 };
    expect(correct(state, status, { at: t(9), key: 'correction:1' })).toEqual({ outcome: 'same' });
  });

  it.each<[ShipmentStatus, ShipmentStatus]>([
    ['delivered', 'in_transit'],
    ['delivered', 'returned_to_sender'],
    ['cancelled', 'out_for_delivery'],
    ['expired', 'delivered'],
    ['returned_to_sender', 'delivered'],
  ])('moves %s to %s with the next version', (from, to) => {
    const state: TrackState = { status: from, version: 6, statusAt: t(4), latest: { at: t(4), key: 'dhl:x' } };
    const result = correct(state, to, { at: t(9), key: 'correction:1' });
    expect(result).toMatchObject({ outcome: 'applied', previous: from, state: { status: to, version: 7, statusAt: t(9) } });
  });

  it('lets scans after a correction to an active status move the shipment again', () => {
    const { state, stored } = scanned([scan('1', 'out_for_delivery', 1), scan('2', 'delivered', 2)]);
    const corrected = applied(correct(state, 'in_transit', { at: t(3), key: 'correction:1' }));
    const { state: after, changes } = apply(corrected, stored, [scan('3', 'out_for_delivery', 4), scan('4', 'delivered', 5)]);
    expect(changes.map((c) => [c.previous, c.next, c.version])).toEqual([
      ['in_transit', 'out_for_delivery', corrected.version + 1],
      ['out_for_delivery', 'delivered', corrected.version + 2],
    ]);
    expect(after.status).toBe('delivered');
  });

  it('is not undone by a late scan from before it: the scan joins the timeline only', () => {
    const { state, stored } = scanned([scan('1', 'out_for_delivery', 1), scan('2', 'delivered', 2)]);
    const corrected = applied(correct(state, 'in_transit', { at: t(3), key: 'correction:1' }));
    // Another delivery scan of the same wrong delivery, delayed by the carrier.
    const { state: after, changes, regressions } = apply(corrected, stored, [scan('late', 'delivered', 2)]);
    expect([after.status, after.version, changes, regressions]).toEqual(['in_transit', corrected.version, [], []]);
  });

  it('reports a scan that would leave a final corrected status', () => {
    const { state, stored } = scanned([scan('1', 'delivered', 1)]);
    const corrected = applied(correct(state, 'returned_to_sender', { at: t(3), key: 'correction:1' }));
    const later = scan('2', 'delivered', 4);
    const { state: after, regressions } = apply(corrected, stored, [later]);
    expect(after.status).toBe('returned_to_sender');
    expect(regressions).toEqual([{ current: 'returned_to_sender', scan: later }]);
  });
});

const statusArb = fc.constantFrom<PlacedScan['status']>(...SHIPMENT_STATUSES, 'unknown', 'in_transit');
const scansArb = (prefix: string, hours: [number, number]) =>
  fc
    .array(fc.tuple(statusArb, fc.integer({ min: hours[0], max: hours[1] })), { maxLength: 12 })
    .map((list) => list.map(([status, hour], i) => scan(`${prefix}${i}`, status, hour)));

describe('after an override, any arrival order of the scans (property)', () => {
  it('ends with the status the scans after the override give, folded from the override', () => {
    fc.assert(
      fc.property(
        scansArb('b', [0, 6]),
        scansArb('a', [0, 12]).chain((after) =>
          fc.shuffledSubarray(after, { minLength: after.length, maxLength: after.length }),
        ),
        fc.constantFrom<ShipmentStatus>(...SHIPMENT_STATUSES.filter((s) => s !== 'created')),
        fc.integer({ min: 1, max: 5 }),
        (before, arriving, correction, batch) => {
          const { state, stored } = scanned(before);
          const decided = isFinalStatus(state.status)
            ? correct(state, correction, { at: t(6), key: 'correction:1' })
            : cancel(state, { at: t(6), key: 'cancel:1' });
          fc.pre(decided.outcome === 'applied');
          let current = applied(decided);
          // The later scans arrive in any order, in batches; some happened before the override.
          for (let i = 0; i < arriving.length; i += batch) current = apply(current, stored, arriving.slice(i, i + batch)).state;
          const expected = foldStatus([...stored.values()], current.override);
          expect(current.status).toBe(expected.status);
          if (isFinalStatus(current.override!.status)) expect(current.status).toBe(current.override!.status);
        },
      ),
      { numRuns: 400 },
    );
  });
});
