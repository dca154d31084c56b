import { ACTIVE_STATUSES, FINAL_STATUSES, ShipmentStatus } from '@waybill/contracts';
import { isMoving, transition, TransitionOutcome } from './status-machine';

describe('the status machine', () => {
  it.each<[ShipmentStatus, ShipmentStatus, TransitionOutcome]>([
    ['created', 'info_received', 'advance'],
    ['created', 'picked_up', 'advance'],
    ['created', 'delivered', 'advance'],
    ['info_received', 'picked_up', 'advance'],
    ['picked_up', 'in_transit', 'advance'],
    ['in_transit', 'out_for_delivery', 'advance'],
    ['out_for_delivery', 'delivered', 'advance'],
    ['out_for_delivery', 'delivery_attempt_failed', 'advance'],
    ['delivery_attempt_failed', 'in_transit', 'advance'],
    ['delivery_attempt_failed', 'out_for_delivery', 'advance'],
    ['out_for_delivery', 'in_transit', 'advance'],
    ['in_transit', 'exception', 'advance'],
    ['exception', 'in_transit', 'advance'],
    ['in_transit', 'available_for_pickup', 'advance'],
    ['available_for_pickup', 'delivered', 'advance'],
    ['available_for_pickup', 'returning_to_sender', 'advance'],
    ['returning_to_sender', 'returned_to_sender', 'advance'],
    ['in_transit', 'in_transit', 'same'],
    ['delivered', 'delivered', 'same'],
    ['created', 'created', 'same'],
    ['picked_up', 'info_received', 'ignored'],
    ['in_transit', 'info_received', 'ignored'],
    ['info_received', 'created', 'ignored'],
    ['out_for_delivery', 'created', 'ignored'],
    ['delivered', 'in_transit', 'regression'],
    ['delivered', 'returned_to_sender', 'regression'],
    ['returned_to_sender', 'out_for_delivery', 'regression'],
    ['cancelled', 'picked_up', 'regression'],
    // Intake's cancellation goes through the same machine as a scan.
    ['created', 'cancelled', 'advance'],
    ['in_transit', 'cancelled', 'advance'],
    ['exception', 'cancelled', 'advance'],
    ['cancelled', 'cancelled', 'same'],
    ['delivered', 'cancelled', 'regression'],
    ['cancelled', 'delivered', 'regression'],
    ['cancelled', 'in_transit', 'regression'],
    ['cancelled', 'info_received', 'regression'],
    ['expired', 'delivered', 'regression'],
  ])('%s + a %s scan → %s', (from, to, outcome) => {
    expect(transition(from, to)).toBe(outcome);
  });

  it.each(FINAL_STATUSES)('never leaves the final status %s', (final) => {
    for (const to of [...ACTIVE_STATUSES, ...FINAL_STATUSES]) {
      expect(transition(final, to)).toBe(to === final ? 'same' : 'regression');
    }
  });

  it.each(ACTIVE_STATUSES)('lets %s end in any final status', (from) => {
    for (const final of FINAL_STATUSES) expect(transition(from, final)).toBe('advance');
  });

  it.each<[ShipmentStatus, boolean]>([
    ['created', false],
    ['info_received', false],
    ['picked_up', true],
    ['in_transit', true],
    ['out_for_delivery', true],
    ['delivery_attempt_failed', true],
    ['exception', true],
    ['returning_to_sender', true],
    ['available_for_pickup', false],
    ['delivered', false],
    ['cancelled', false],
  ])('treats %s as moving: %p', (status, moving) => {
    expect(isMoving(status)).toBe(moving);
  });
});
