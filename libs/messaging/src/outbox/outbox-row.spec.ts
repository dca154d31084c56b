import { OutgoingMessage } from '../event-bus';
import { decodeOutboxRow, encodeOutboxRow, OUTBOX_ROW_MESSAGES, outboxRows } from './outbox-row';
import { sendsOf } from './outbox-relay';

describe('outbox rows', () => {
  it('keep each message, string and binary values alike, in order', () => {
    const messages: OutgoingMessage[] = [
      { topic: 'waybill.tracking.v1', key: 'a', value: '{"type":"tracking.status_changed","note":"line\\nbreak, \\"quoted\\""}', headers: { 'event-id': '1' } },
      // A dead-lettered message's original bytes need not be text.
      { topic: 'waybill.scans.v1.dlq', key: 'b', value: Buffer.from([0xff, 0x00, 0xfe, 0x0a]), headers: { 'x-error': 'bad' } },
      { topic: 'waybill.tracking.v1', key: 'a', value: 'é ✓ 🚚' },
    ];
    expect(decodeOutboxRow(encodeOutboxRow(messages))).toEqual([messages[0], messages[1], { ...messages[2], headers: {} }]);
  });

  it('split a call into rows of at most one relay batch, in order', () => {
    const messages = Array.from({ length: 2 * OUTBOX_ROW_MESSAGES + 1 }, (_, i) => ({ topic: 't', key: String(i), value: String(i) }));
    const rows = outboxRows(messages);
    expect(rows.map((row) => row.length)).toEqual([OUTBOX_ROW_MESSAGES, OUTBOX_ROW_MESSAGES, 1]);
    expect(rows.flat()).toEqual(messages);
    expect(outboxRows([])).toEqual([]);
  });
});

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
