import { etaUpdated, shipmentCancelled, shipmentOpened, statusChanged, wentStale } from './shipment-facts';
import { emptyRecord, SlaRecord } from './sla-record';

const at = (iso: string) => new Date(iso);
const base = (overrides: Partial<SlaRecord> = {}): SlaRecord => ({
  ...emptyRecord('6f1c4a52-6a1e-4d8e-9d55-3f3a8b7b2a10'),
  promisedBy: at('2025-03-05T20:00:00Z'),
  createdAt: at('2025-03-03T09:00:00Z'),
  lastScanAt: at('2025-03-04T09:00:00Z'),
  status: 'in_transit',
  statusVersion: 3,
  ...overrides,
});

describe('statusChanged', () => {
  it.each<[string, Partial<SlaRecord>, Parameters<typeof statusChanged>[1], Partial<SlaRecord>]>([
    [
      'records the new status and the scan time',
      {},
      { status: 'out_for_delivery', version: 4, occurredAt: at('2025-03-05T07:00:00Z') },
      { status: 'out_for_delivery', statusVersion: 4, lastScanAt: at('2025-03-05T07:00:00Z') },
    ],
    [
      'ignores a change older than the one it has',
      {},
      { status: 'picked_up', version: 2, occurredAt: at('2025-03-03T10:00:00Z') },
      { status: 'in_transit', statusVersion: 3 },
    ],
    [
      'records a successful first attempt as the delivery',
      {},
      { status: 'delivered', version: 4, occurredAt: at('2025-03-05T15:00:00Z') },
      { firstAttemptAt: at('2025-03-05T15:00:00Z'), firstAttemptDelivered: true, deliveredAt: at('2025-03-05T15:00:00Z') },
    ],
    [
      'records a failed first attempt',
      {},
      { status: 'delivery_attempt_failed', version: 4, occurredAt: at('2025-03-05T15:00:00Z') },
      { firstAttemptAt: at('2025-03-05T15:00:00Z'), firstAttemptDelivered: false, deliveredAt: null },
    ],
    [
      'keeps the first attempt when a later one delivers',
      { firstAttemptAt: at('2025-03-05T15:00:00Z'), firstAttemptDelivered: false, status: 'delivery_attempt_failed' },
      { status: 'delivered', version: 4, occurredAt: at('2025-03-06T11:00:00Z') },
      { firstAttemptAt: at('2025-03-05T15:00:00Z'), firstAttemptDelivered: false, deliveredAt: at('2025-03-06T11:00:00Z') },
    ],
    [
      'stops the clock when the parcel goes back to its sender',
      {},
      { status: 'returned_to_sender', version: 4, occurredAt: at('2025-03-06T11:00:00Z') },
      { stoppedReason: 'returned_to_sender' },
    ],
    [
      'clears a stale report when a scan arrives',
      { staleSince: at('2025-03-04T09:00:00Z') },
      { status: 'in_transit', version: 4, occurredAt: at('2025-03-05T11:00:00Z') },
      { staleSince: null },
    ],
    [
      'never moves the last scan time backwards',
      { lastScanAt: at('2025-03-05T12:00:00Z') },
      { status: 'out_for_delivery', version: 4, occurredAt: at('2025-03-05T07:00:00Z') },
      { lastScanAt: at('2025-03-05T12:00:00Z') },
    ],
  ])('%s', (_what, start, change, expected) => {
    expect(statusChanged(base(start), change)).toMatchObject(expected);
  });
});

describe('other facts', () => {
  it('opens the clock once, counting "no scan" from the registration', () => {
    const opened = shipmentOpened({ ...emptyRecord('x'), status: 'in_transit' }, {
      promisedBy: at('2025-03-05T20:00:00Z'),
      createdAt: at('2025-03-03T09:00:00Z'),
    });
    expect(opened).toMatchObject({ promisedBy: at('2025-03-05T20:00:00Z'), lastScanAt: at('2025-03-03T09:00:00Z'), status: 'in_transit' });
    expect(shipmentOpened(opened, { promisedBy: at('2025-04-01T00:00:00Z'), createdAt: at('2025-03-20T00:00:00Z') })).toBe(opened);
  });

  it('keeps the newest ETA, whatever order they arrive in', () => {
    const newer = etaUpdated(base(), { eta: at('2025-03-06T10:00:00Z'), givenAt: at('2025-03-05T10:00:00Z') });
    expect(etaUpdated(newer, { eta: at('2025-03-05T10:00:00Z'), givenAt: at('2025-03-04T10:00:00Z') }).eta).toEqual(
      at('2025-03-06T10:00:00Z'),
    );
  });

  it('ignores a stale report about a scan older than the last one it has', () => {
    expect(wentStale(base(), { lastScanAt: at('2025-03-03T09:00:00Z') }).staleSince).toBeNull();
    expect(wentStale(base(), { lastScanAt: at('2025-03-04T09:00:00Z') }).staleSince).toEqual(at('2025-03-04T09:00:00Z'));
  });

  it('records a cancellation once', () => {
    expect(shipmentCancelled(base()).stoppedReason).toBe('cancelled');
    expect(shipmentCancelled(base({ stoppedReason: 'returned_to_sender' })).stoppedReason).toBe('returned_to_sender');
  });
});
