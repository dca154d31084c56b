import fc from 'fast-check';
import { isFinalStatus, SHIPMENT_STATUSES, ShipmentStatus } from '@waybill/contracts';
import { compareScans, PlacedScan } from './scan-order';
import { foldStatus, INITIAL_TRACK, isLate, reconcile, StatusChange, TrackState } from './shipment-track';

const t = (hour: number) => Date.UTC(2025, 2, 3, hour);

function scan(key: string, status: PlacedScan['status'], hour: number): PlacedScan {
  return { key: `dhl:${key}`, carrierEventId: key, at: t(hour), status };
}

/** What the ingestion service does per chunk: drop known keys, load history when a scan is late. */
function ingest(chunks: PlacedScan[][], start: TrackState = INITIAL_TRACK) {
  let state = start;
  const stored = new Map<string, PlacedScan>();
  const changes: StatusChange[] = [];
  const regressions: string[] = [];
  for (const chunk of chunks) {
    const fresh: PlacedScan[] = [];
    for (const s of chunk) {
      if (stored.has(s.key)) continue;
      stored.set(s.key, s);
      fresh.push(s);
    }
    const history = fresh.some((s) => isLate(state, s)) ? [...stored.values()] : undefined;
    const result = reconcile(state, fresh, history);
    state = result.state;
    changes.push(...result.changes);
    regressions.push(...result.regressions.map((r) => r.scan.key));
  }
  return { state, timeline: [...stored.values()].sort(compareScans), changes, regressions };
}

describe('applying scans to a shipment', () => {
  it('steps through every status in order, one version per change', () => {
    const { state, changes } = ingest([
      [scan('1', 'picked_up', 1), scan('2', 'in_transit', 2), scan('3', 'in_transit', 3), scan('4', 'out_for_delivery', 4)],
      [scan('5', 'delivered', 5)],
    ]);
    expect(changes.map((c) => [c.previous, c.next, c.version])).toEqual([
      ['created', 'picked_up', 2],
      ['picked_up', 'in_transit', 3],
      ['in_transit', 'out_for_delivery', 4],
      ['out_for_delivery', 'delivered', 5],
    ]);
    expect(state).toEqual({ status: 'delivered', version: 5, statusAt: t(5), latest: { at: t(5), key: 'dhl:5' } });
  });

  it('changes nothing for a duplicate scan', () => {
    const first = ingest([[scan('1', 'picked_up', 1)]]);
    const again = reconcile(first.state, []);
    expect(again).toEqual({ state: first.state, changes: [], regressions: [] });
  });

  it('keeps the status when a late scan arrives, and puts the scan in its place on the timeline', () => {
    const { state, timeline, changes } = ingest([
      [scan('1', 'picked_up', 1), scan('3', 'out_for_delivery', 5)],
      [scan('2', 'in_transit', 3)],
    ]);
    expect(state.status).toBe('out_for_delivery');
    expect(state.version).toBe(3);
    expect(changes).toHaveLength(2);
    expect(timeline.map((s) => s.status)).toEqual(['picked_up', 'in_transit', 'out_for_delivery']);
  });

  it('applies a late delivery: the parcel is delivered even if a scan after it came first', () => {
    const { state, changes, regressions } = ingest([[scan('1', 'in_transit', 1), scan('3', 'in_transit', 6)], [scan('2', 'delivered', 4)]]);
    expect(state.status).toBe('delivered');
    expect(state.statusAt).toBe(t(4));
    expect(changes.at(-1)).toMatchObject({ previous: 'in_transit', next: 'delivered', version: 3 });
    expect(regressions).toEqual([]);
  });

  it('reports a scan that would leave a final status and keeps the final status', () => {
    const { state, regressions } = ingest([[scan('1', 'delivered', 1)], [scan('2', 'in_transit', 2)]]);
    expect(state.status).toBe('delivered');
    expect(regressions).toEqual(['dhl:2']);
  });

  it('does not step back to info_received once the parcel was picked up', () => {
    const { state } = ingest([[scan('1', 'picked_up', 1)], [scan('2', 'info_received', 2)]]);
    expect(state.status).toBe('picked_up');
  });

  it('puts an unknown carrier code on the timeline without touching the status', () => {
    const { state, timeline } = ingest([[scan('1', 'picked_up', 1)], [scan('2', 'unknown', 2)]]);
    expect(state).toMatchObject({ status: 'picked_up', version: 2, latest: { key: 'dhl:1' } });
    expect(timeline.map((s) => s.status)).toEqual(['picked_up', 'unknown']);
  });

  it('breaks ties between scans of the same time by key, whatever the arrival order', () => {
    const a = scan('a', 'out_for_delivery', 3);
    const b = scan('b', 'in_transit', 3);
    expect(ingest([[a], [b]]).state.status).toBe('in_transit');
    expect(ingest([[b], [a]]).state.status).toBe('in_transit');
  });

  it('refuses to guess when a late scan comes without the history', () => {
    const { state } = ingest([[scan('2', 'in_transit', 2)]]);
    expect(() => reconcile(state, [scan('1', 'picked_up', 1)])).toThrow(/history/);
  });
});

const statusArb = fc.constantFrom<PlacedScan['status']>(...SHIPMENT_STATUSES, 'unknown', 'in_transit', 'in_transit');
// Few distinct hours, so equal times (and their tie-break) are common.
const scansArb = fc
  .array(fc.tuple(statusArb, fc.integer({ min: 0, max: 12 })), { minLength: 1, maxLength: 25 })
  .map((list) => list.map(([status, hour], i) => scan(`e${i}`, status, hour)));

/** The same scans as a carrier might deliver them: shuffled, some repeated, cut into batches. */
const deliveryArb = (scans: PlacedScan[]) =>
  fc
    .tuple(
      fc.shuffledSubarray(scans, { minLength: scans.length, maxLength: scans.length }),
      fc.array(fc.constantFrom(...scans), { maxLength: 10 }),
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 40 }),
    )
    .chain(([permuted, repeats, sizes]) =>
      fc.shuffledSubarray([...permuted, ...repeats], { minLength: permuted.length + repeats.length }).map((stream) => {
        const chunks: PlacedScan[][] = [];
        for (let i = 0, k = 0; i < stream.length; k++) {
          const size = sizes[k % sizes.length];
          chunks.push(stream.slice(i, i + size));
          i += size;
        }
        return chunks;
      }),
    );

describe('any arrival order of the same scans (property)', () => {
  it('ends with the same status and the same timeline as the scans in time order', () => {
    fc.assert(
      fc.property(
        scansArb.chain((scans) => fc.tuple(fc.constant(scans), deliveryArb(scans))),
        ([scans, chunks]) => {
          const reference = ingest([[...scans].sort(compareScans)]);
          const result = ingest(chunks);
          expect(result.state.status).toBe(reference.state.status);
          expect(result.state.statusAt).toBe(reference.state.statusAt);
          expect(result.state.status).toBe(foldStatus(scans).status);
          expect(result.timeline).toEqual(reference.timeline);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('grows the version by exactly one per status change', () => {
    fc.assert(
      fc.property(
        scansArb.chain((scans) => deliveryArb(scans)),
        (chunks) => {
          const { state, changes } = ingest(chunks);
          changes.forEach((change, i) => {
            expect(change.version).toBe(i + 2);
            expect(change.previous).toBe(i === 0 ? 'created' : changes[i - 1].next);
          });
          expect(state.version).toBe(1 + changes.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never moves the status backwards on a scan older than the current status: only into a final status or past pre-carrier ones', () => {
    fc.assert(
      fc.property(scansArb, statusArb, (scans, lateStatus) => {
        const { state } = ingest([scans]);
        fc.pre(state.statusAt !== null);
        const late = { ...scan('late', lateStatus, 0), at: state.statusAt! - 1 };
        const { changes } = reconcile(state, [late], [...scans, late]);
        for (const change of changes) {
          const wasPreCarrier: ShipmentStatus[] = ['created', 'info_received'];
          expect(isFinalStatus(change.next) || wasPreCarrier.includes(change.previous)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
