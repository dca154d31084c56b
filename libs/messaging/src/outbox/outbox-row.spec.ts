import { OutgoingMessage } from '../event-bus';
import { decodeOutboxRow, encodeOutboxRow, OUTBOX_ROW_MESSAGES, outboxRows } from './outbox-row';

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

  it('store events (text values with headers) as given, in the same stored shape', () => {
    const events: OutgoingMessage[] = [
      { topic: 'waybill.tracking.v1', key: 'a', value: '{"type":"tracking.eta_updated","q":"\\"x\\""}', headers: { 'event-type': 'tracking.eta_updated', 'event-id': '1' } },
      { topic: 'waybill.tracking.v1', key: 'a', value: '{}', headers: {} },
    ];
    const text = encodeOutboxRow(events);
    expect(JSON.parse(text)).toEqual(events.map(({ topic, key, value, headers }) => ({ topic, key, value, headers })));
    expect(decodeOutboxRow(text)).toEqual(events);
  });

  it('split a call into rows of at most one relay batch, in order', () => {
    const messages = Array.from({ length: 2 * OUTBOX_ROW_MESSAGES + 1 }, (_, i) => ({ topic: 't', key: String(i), value: String(i) }));
    const rows = outboxRows(messages);
    expect(rows.map((row) => row.length)).toEqual([OUTBOX_ROW_MESSAGES, OUTBOX_ROW_MESSAGES, 1]);
    expect(rows.flat()).toEqual(messages);
    expect(outboxRows([])).toEqual([]);
  });

  it('split by size too, a message larger than the limit on a row of its own', () => {
    const sized = (key: string, bytes: number) => ({ topic: 't', key, value: Buffer.alloc(bytes) });
    const rows = outboxRows([sized('a', 600), sized('b', 600), sized('c', 2_000), sized('d', 10)], 10, 1_000);
    expect(rows.map((row) => row.map((m) => m.key))).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(outboxRows([sized('a', 400), sized('b', 400), sized('c', 400)], 10, 1_000).map((row) => row.length)).toEqual([2, 1]);
  });
});
