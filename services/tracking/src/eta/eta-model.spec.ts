import { ServiceLevel, ShipmentStatus } from '@waybill/contracts';
import { estimateEta } from './eta-model';

const at = (iso: string) => Date.parse(iso);
const promisedBy = at('2025-03-07T18:00:00Z');
const reached = at('2025-03-04T10:00:00Z');

describe('the ETA model', () => {
  it.each<[ShipmentStatus, ServiceLevel, string | null]>([
    ['created', 'standard', '2025-03-07T18:00:00.000Z'],
    ['info_received', 'express', '2025-03-07T18:00:00.000Z'],
    ['picked_up', 'standard', '2025-03-06T10:00:00.000Z'],
    ['picked_up', 'economy', '2025-03-07T10:00:00.000Z'],
    ['in_transit', 'standard', '2025-03-05T10:00:00.000Z'],
    ['in_transit', 'next_day', '2025-03-04T22:00:00.000Z'],
    ['in_transit', 'same_day', '2025-03-04T16:00:00.000Z'],
    ['out_for_delivery', 'economy', '2025-03-04T18:00:00.000Z'],
    ['delivery_attempt_failed', 'express', '2025-03-05T10:00:00.000Z'],
    ['exception', 'standard', '2025-03-06T10:00:00.000Z'],
    ['available_for_pickup', 'standard', null],
    ['returning_to_sender', 'standard', null],
    ['delivered', 'standard', null],
    ['cancelled', 'standard', null],
  ])('after %s (%s) expects the parcel at %s', (status, serviceLevel, expected) => {
    const eta = estimateEta({ status, statusAt: status === 'created' ? null : reached, promisedBy, serviceLevel });
    expect(eta === null ? null : new Date(eta).toISOString()).toBe(expected);
  });
});
