import { sendsOf } from './outbox-relay';

describe('relay sends', () => {
  const message = (i: number, bytes = 100) => ({ topic: 't', key: `k${i}`, value: 'x'.repeat(bytes) });

  it('keep order and stay under both the count and the byte limit', () => {
    const messages = Array.from({ length: 25 }, (_, i) => message(i, i % 3 === 0 ? 5_000 : 100));
    const sends = sendsOf(messages, 4, 8_000);
    expect(sends.flat()).toEqual(messages);
    for (const send of sends) {
      expect(send.length).toBeLessThanOrEqual(4);
      const bytes = send.reduce((sum, m) => sum + m.value.length + m.key.length + 70, 0);
      expect(bytes).toBeLessThanOrEqual(8_000);
    }
  });

  it('send a message larger than the limit on its own rather than never', () => {
    const sends = sendsOf([message(0), message(1, 2_000_000), message(2)], 1_000);
    expect(sends.map((send) => send.map((m) => m.key))).toEqual([['k0'], ['k1'], ['k2']]);
    expect(sendsOf([], 10)).toEqual([]);
  });

  it('fill up to the count when messages are small', () => {
    expect(sendsOf(Array.from({ length: 4_500 }, (_, i) => message(i)), 2_000).map((send) => send.length)).toEqual([2_000, 2_000, 500]);
  });
});
