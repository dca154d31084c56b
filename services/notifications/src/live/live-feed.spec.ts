import { countersFor, CounterGroup } from './board-counters';
import { nextFlushDelay } from './board-feed';
import { filtersOfRoom, matchesFilters, roomFor } from './board-rooms';
import { ReplayLog } from './replay-log';

describe('ReplayLog', () => {
  function logOf(count: number, capacity = 100): ReplayLog<string> {
    const log = new ReplayLog<string>(capacity);
    for (let i = 1; i <= count; i++) log.append(`m${i}`);
    return log;
  }

  it('numbers messages 1, 2, 3…', () => {
    const log = new ReplayLog<string>(10);
    expect([log.append('a'), log.append('b'), log.append('c')]).toEqual([1, 2, 3]);
    expect(log.seq).toBe(3);
  });

  it('gives a reconnecting client exactly what came after the last number it saw', () => {
    const replay = logOf(5).since(3, undefined);
    expect(replay).toEqual({ entries: [{ seq: 4, entry: 'm4' }, { seq: 5, entry: 'm5' }], complete: true });
  });

  it('gives nothing, completely, to a client that saw everything', () => {
    expect(logOf(5).since(5, undefined)).toEqual({ entries: [], complete: true });
  });

  it('replays nothing to a first subscription', () => {
    expect(logOf(5).since(undefined, undefined)).toEqual({ entries: [], complete: true });
  });

  it('keeps only its capacity, and says so when the client fell further behind', () => {
    const log = logOf(25, 10);
    expect(log.oldest).toBe(16);
    const replay = log.since(3, log.epoch);
    expect(replay.complete).toBe(false);
    expect(replay.entries.map((e) => e.seq)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(log.since(15, log.epoch).complete).toBe(true);
  });

  it('refuses numbers from another epoch (a restarted server) or from the future', () => {
    const log = logOf(5);
    expect(log.since(2, 'another')).toEqual({ entries: [], complete: false });
    expect(log.since(9, log.epoch)).toEqual({ entries: [], complete: false });
  });

  it('replays only the messages a filter keeps, in order', () => {
    const replay = logOf(10).since(0, undefined, (m) => Number(m.slice(1)) % 3 === 0);
    expect(replay.entries.map((e) => e.entry)).toEqual(['m3', 'm6', 'm9']);
  });
});

describe('board flush pacing', () => {
  it('keeps the tick while flushes are short, and spends at most half the time flushing when they are not', () => {
    expect(nextFlushDelay(50, 2)).toBe(48); // a small board: every 50 ms
    expect(nextFlushDelay(50, 25)).toBe(25);
    expect(nextFlushDelay(50, 100)).toBe(100); // 5,000 sockets: 100 ms of writes, then 100 ms for the rest
    expect(nextFlushDelay(50, 900)).toBe(200); // at most four ticks
  });
});

describe('board rooms', () => {
  it.each([
    [{}, 'board'],
    [{ carrier: 'dhl' }, 'board:carrier=dhl'],
    [{ serviceLevel: 'express', carrier: 'dhl' }, 'board:carrier=dhl&serviceLevel=express'],
    [{ region: 'FR', carrier: 'a&b' }, 'board:carrier=a%26b&region=FR'],
  ])('names the room for %p %s, and reads the filters back', (filters, room) => {
    expect(roomFor(filters)).toBe(room);
    expect(filtersOfRoom(room)).toEqual(filters);
  });

  it('is not fooled by rooms that are not board rooms', () => {
    expect(filtersOfRoom('parcel:WB1')).toBeNull();
    expect(filtersOfRoom('board:colour=red')).toBeNull();
  });

  const dhlToFrance = { carrier: 'dhl', region: 'FR', serviceLevel: 'express' };
  it.each([
    [{}, true],
    [{ carrier: 'dhl' }, true],
    [{ carrier: 'dhl', region: 'FR' }, true],
    [{ carrier: 'ups' }, false],
    [{ carrier: 'dhl', serviceLevel: 'economy' }, false],
  ])('shows a DHL express parcel to France in a room filtered by %p: %s', (filters, expected) => {
    expect(matchesFilters(filters, dhlToFrance)).toBe(expected);
  });
});

describe('countersFor', () => {
  const groups: CounterGroup[] = [
    { carrier: 'dhl', region: 'FR', serviceLevel: 'express', active: 10, outForDelivery: 3, atRisk: 2, breachedToday: 1, deliveredToday: 4, onTimeToday: 3 },
    { carrier: 'ups', region: 'FR', serviceLevel: 'standard', active: 5, outForDelivery: 1, atRisk: 0, breachedToday: 0, deliveredToday: 1, onTimeToday: 1 },
    { carrier: 'dhl', region: 'DE', serviceLevel: 'standard', active: 2, outForDelivery: 0, atRisk: 1, breachedToday: 2, deliveredToday: 0, onTimeToday: 0 },
  ];
  const asOf = new Date('2025-03-05T12:00:00Z');

  it('counts everything for the unfiltered board', () => {
    expect(countersFor(groups, {}, asOf)).toEqual({
      filters: {}, active: 17, outForDelivery: 4, atRisk: 3, breachedToday: 3, onTimeRateToday: 0.8, asOf: asOf.toISOString(),
    });
  });

  it('counts only the carrier a room follows', () => {
    expect(countersFor(groups, { carrier: 'dhl' }, asOf)).toMatchObject({ active: 12, atRisk: 3, breachedToday: 3, onTimeRateToday: 0.75 });
  });

  it('has no on-time rate before the first delivery of the day', () => {
    expect(countersFor(groups, { region: 'DE' }, asOf).onTimeRateToday).toBeNull();
  });
});
