import { randomUUID } from 'node:crypto';
import { decodeEvent, encodeEvent, newEvent } from './envelope';

const changed = (extra: Record<string, unknown> = {}) =>
  newEvent(
    'tracking.status_changed',
    randomUUID(),
    { trackingNumber: 'WB0123456789ABCDEF', previousStatus: 'delivered', status: 'returned_to_sender', version: 7, ...extra },
    { source: 'tracking' },
  );

describe('tracking.status_changed and its correction marker', () => {
  it('carries no correction for a status set by scans or a cancellation', () => {
    expect(decodeEvent(encodeEvent(changed())).payload).not.toHaveProperty('correction');
  });

  it('carries who corrected a final status and why, through the wire unchanged', () => {
    const correction = { id: randomUUID(), by: 'dispatcher@example.com', reason: 'Delivery scan was for another parcel' };
    const event = changed({ correction });
    expect(decodeEvent(encodeEvent(event)).payload).toEqual(expect.objectContaining({ correction }));
  });

  it.each([
    ['a blank reason', { id: randomUUID(), by: 'unknown', reason: '' }],
    ['no author', { id: randomUUID(), reason: 'why' }],
    ['an id that is not a uuid', { id: 'c-1', by: 'unknown', reason: 'why' }],
  ])('refuses a correction with %s', (_, correction) => {
    expect(() => changed({ correction })).toThrow(/payload\.correction/);
  });
});
