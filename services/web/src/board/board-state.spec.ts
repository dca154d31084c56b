import type { BoardItem, BoardShipmentUpdate, SlaAlert } from '@waybill/contracts';
import type { ShipmentView } from '../api/api-types';
import { BoardState, countsOf, MAX_ALERTS, visibleRows } from './board-state';

function shipment(overrides: Partial<ShipmentView> = {}): ShipmentView {
  return {
    id: 's1',
    trackingNumber: 'WB100000001',
    serviceLevel: 'express',
    carrier: 'dhl',
    promisedBy: '2025-03-05T18:00:00.000Z',
    status: 'in_transit',
    slaState: 'on_track',
    destination: { city: 'Paris', country: 'FR' },
    createdAt: '2025-03-04T09:00:00.000Z',
    updatedAt: '2025-03-05T08:00:00.000Z',
    ...overrides,
  };
}

function update(overrides: Partial<BoardShipmentUpdate> = {}): BoardShipmentUpdate {
  return {
    shipmentId: 's1',
    trackingNumber: 'WB100000001',
    status: 'out_for_delivery',
    slaState: 'on_track',
    promisedBy: '2025-03-05T18:00:00.000Z',
    eta: '2025-03-05T15:00:00.000Z',
    carrier: 'dhl',
    region: 'FR',
    serviceLevel: 'express',
    lastEventAt: '2025-03-05T09:00:00.000Z',
    ...overrides,
  };
}

function alert(overrides: Partial<SlaAlert> = {}): SlaAlert {
  return {
    eventId: 'e1',
    type: 'sla.breached',
    shipmentId: 's1',
    trackingNumber: 'WB100000001',
    carrier: 'dhl',
    region: 'FR',
    serviceLevel: 'express',
    previousState: 'late',
    state: 'breached',
    promisedBy: '2025-03-05T18:00:00.000Z',
    occurredAt: '2025-03-05T20:00:00.000Z',
    ...overrides,
  };
}

let seq = 0;
const item = (type: BoardItem['type'], data: unknown) => ({ seq: ++seq, type, data }) as BoardItem;

describe('BoardState', () => {
  it('shows only active shipments from the REST snapshot', () => {
    const state = new BoardState();
    state.load([shipment(), shipment({ id: 's2', trackingNumber: 'WB2', status: 'delivered' })], 0);
    expect([...state.rows.keys()]).toEqual(['s1']);
  });

  it('adds a shipment it has not seen and moves a known one', () => {
    const state = new BoardState();
    state.load([shipment()], 0);
    state.apply([item('shipment.update', update()), item('shipment.update', update({ shipmentId: 's2', trackingNumber: 'WB2' }))], 5);
    expect(state.rows.get('s1')).toMatchObject({ status: 'out_for_delivery', eta: '2025-03-05T15:00:00.000Z', changedAt: 5 });
    expect(state.rows.has('s2')).toBe(true);
  });

  it('takes a delivered shipment off the board', () => {
    const state = new BoardState();
    state.load([shipment()], 0);
    state.apply([item('shipment.update', update({ status: 'delivered' }))], 1);
    expect(state.rows.size).toBe(0);
  });

  it('keeps the snapshot when a live update is older than it', () => {
    const state = new BoardState();
    state.load([shipment({ updatedAt: '2025-03-05T10:00:00.000Z' })], 0);
    state.apply([item('shipment.update', update({ lastEventAt: '2025-03-05T09:00:00.000Z' }))], 1);
    expect(state.rows.get('s1')!.status).toBe('in_transit');
  });

  it('stacks alerts newest first, marks the row and answers the new ones', () => {
    const state = new BoardState();
    state.load([shipment()], 0);
    const fresh = state.apply([item('sla.alert', alert({ eventId: 'a', type: 'sla.late', state: 'late' })), item('sla.alert', alert({ eventId: 'b' }))], 9);
    expect(fresh.map((a) => a.eventId).sort()).toEqual(['a', 'b']);
    expect(state.alerts.map((a) => a.eventId)).toEqual(['b', 'a']);
    expect(state.rows.get('s1')!.slaState).toBe('breached');
  });

  it('keeps at most MAX_ALERTS alerts', () => {
    const state = new BoardState();
    state.apply(Array.from({ length: MAX_ALERTS + 5 }, (_, i) => item('sla.alert', alert({ eventId: `e${i}` }))), 1);
    expect(state.alerts).toHaveLength(MAX_ALERTS);
    expect(state.alerts[0].eventId).toBe(`e${MAX_ALERTS + 4}`);
  });

  it('counts from the rows until the server sends counters, then shows the server’s', () => {
    const state = new BoardState();
    state.load([shipment(), shipment({ id: 's2', trackingNumber: 'WB2', status: 'out_for_delivery', slaState: 'at_risk' })], 0);
    expect(countsOf(state)).toEqual({ active: 2, outForDelivery: 1, atRisk: 1, breachedToday: null, onTimeRateToday: null });
    const counters = { filters: {}, active: 7, outForDelivery: 3, atRisk: 2, breachedToday: 1, onTimeRateToday: 0.9, asOf: '2025-03-05T10:00:00.000Z' };
    state.apply([item('board.counters', counters)], 1);
    expect(countsOf(state)).toBe(counters);
  });

  it('changes its version only when something was applied', () => {
    const state = new BoardState();
    const before = state.version;
    state.apply([], 1);
    expect(state.version).toBe(before);
    state.apply([item('shipment.update', update())], 1);
    expect(state.version).toBe(before + 1);
  });
});

describe('visibleRows', () => {
  const state = new BoardState();
  state.load(
    [
      shipment({ id: 'a', trackingNumber: 'WB-A', slaState: 'on_track', promisedBy: '2025-03-05T10:00:00.000Z' }),
      shipment({ id: 'b', trackingNumber: 'WB-B', slaState: 'breached', carrier: 'ups' }),
      shipment({ id: 'c', trackingNumber: 'WB-C', slaState: 'at_risk', destination: { city: 'Berlin', country: 'DE' } }),
      shipment({ id: 'd', trackingNumber: 'WB-D', slaState: 'on_track', promisedBy: '2025-03-05T09:00:00.000Z', serviceLevel: 'economy' }),
    ],
    0,
  );
  const ids = (view: Parameters<typeof visibleRows>[1]) => visibleRows(state.rows.values(), view).map((row) => row.shipmentId);

  it.each<[string, Parameters<typeof visibleRows>[1], string[]]>([
    ['everything, most urgent first, then the nearest promise', {}, ['b', 'c', 'd', 'a']],
    ['one carrier', { carrier: 'ups' }, ['b']],
    ['one region', { region: 'DE' }, ['c']],
    ['one service level', { serviceLevel: 'economy' }, ['d']],
    ['one SLA state', { slaState: 'on_track' }, ['d', 'a']],
    ['a tracking number search, any case', { search: ' wb-c ' }, ['c']],
    ['filters that match nothing', { carrier: 'ups', region: 'DE' }, []],
  ])('shows %s', (_what, view, expected) => {
    expect(ids(view)).toEqual(expected);
  });
});
