import { randomBytes, randomUUID } from 'node:crypto';

// patches/kafkajs+2.2.4.patch speeds up kafkajs' record encoding (see patches/README.md). These
// tests hold the patched code to the wire format: every varint, varlong, checksum and record
// batch must read back through kafkajs' own decoder exactly as written. kafkajs ships no types
// for its internals, hence `require`.
const Encoder = require('kafkajs/src/protocol/encoder');
const Decoder = require('kafkajs/src/protocol/decoder');
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
const Record = require('kafkajs/src/protocol/recordBatch/record/v0');
const Header = require('kafkajs/src/protocol/recordBatch/header/v0');
const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder');
const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C');
const jsCrc32C = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C');
const Long = require('kafkajs/src/utils/long');
const groupMessagesPerPartition = require('kafkajs/src/producer/groupMessagesPerPartition');
const { Types: Compression } = require('kafkajs/src/protocol/message/compression');

/** LEB128 of a zigzagged integer, written from the Kafka protocol's definition, in BigInt. */
function referenceVarLong(value: bigint): number[] {
  let zigzag = value >= 0n ? value << 1n : ((-value) << 1n) - 1n;
  const bytes: number[] = [];
  while (zigzag >= 0x80n) {
    bytes.push(Number((zigzag & 0x7fn) | 0x80n));
    zigzag >>= 7n;
  }
  bytes.push(Number(zigzag));
  return bytes;
}

const edgeValues = [0, 1, -1, 63, -64, 64, -65, 127, 128, 8191, -8192, 16384, 2 ** 20, -(2 ** 20)];
const around = (n: number) => [n - 1, n, n + 1];
const varIntValues = [...edgeValues, ...around(2 ** 30), ...around(-(2 ** 30)), 2 ** 31 - 1, -(2 ** 31)];
const varLongValues = [...varIntValues, 2 ** 40, -(2 ** 40), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];

describe('kafkajs record encoding, as patched', () => {
  it('is patched: `npm ci` ran patch-package (postinstall)', () => {
    const source = require('node:fs').readFileSync(require.resolve('kafkajs/src/protocol/encoder'), 'utf8');
    expect(source).toContain('Buffer.allocUnsafe(Encoder.nextPowerOfTwo(initialSize))');
  });

  it('writes every varint as the protocol defines it, and kafkajs reads it back', () => {
    for (const value of varIntValues) {
      const bytes = new Encoder().writeVarInt(value).buffer;
      expect([...bytes]).toEqual(referenceVarLong(BigInt(value)));
      expect(new Decoder(bytes).readVarInt()).toBe(value);
    }
  });

  it('writes every varlong, numbers or Longs, as the protocol defines it', () => {
    for (const value of varLongValues) {
      const fromNumber = new Encoder().writeVarLong(value).buffer;
      const fromLong = new Encoder().writeVarLong(Long.fromNumber(value)).buffer;
      expect([...fromNumber]).toEqual(referenceVarLong(BigInt(value)));
      expect([...fromLong]).toEqual([...fromNumber]);
      expect(new Decoder(fromNumber).readVarLong().toString()).toBe(String(value));
    }
  });

  it('hands out only the bytes it wrote, though its buffers are not zero-filled', () => {
    const encoder = new Encoder(4).writeInt8(7).writeVarIntString('héllo').writeVarIntBytes(Buffer.alloc(600, 1));
    const decoder = new Decoder(encoder.buffer);
    expect(decoder.readInt8()).toBe(7);
    expect(decoder.readVarIntString()).toBe('héllo');
    expect(decoder.readVarIntBytes()).toEqual(Buffer.alloc(600, 1));
    expect(decoder.canReadBytes(1)).toBe(false);
  });

  it('checksums like the JavaScript CRC32-C, over any length', () => {
    for (const length of [0, 1, 7, 8, 9, 63, 1_000, 65_537, 1_400_000]) {
      const buffer = randomBytes(length);
      expect(crc32C(buffer)).toBe(jsCrc32C(buffer));
    }
  });

  it('groups a send by partition keeping each partition in send order', () => {
    const messages = Array.from({ length: 1_000 }, (_, i) => ({ key: `k${i}`, value: String(i) }));
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: 1 }));
    const partitioner = ({ message }: { message: { key: string } }) => (Number(message.key.slice(1)) * 7) % 3;
    const grouped = groupMessagesPerPartition({ topic: 't', partitionMetadata, messages, partitioner });
    expect(Object.keys(grouped).sort()).toEqual(['0', '1', '2']);
    for (const [partition, list] of Object.entries(grouped) as [string, { key: string }[]][]) {
      expect(list).toEqual(messages.filter((m) => String(partitioner({ message: m })) === partition));
    }
    expect(groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages, partitioner })).toEqual({});
  });

  it.each([
    ['no headers', {}],
    ['event headers', { 'event-type': 'tracking.status_changed', 'event-id': randomUUID() }],
    ['a repeated header, non-ASCII text and binary values', { 'x-trail': ['a', 'b'], 'x-note': 'é ✓ 🚚', 'x-raw': Buffer.from([0, 255]) }],
  ])('writes headers in place, byte for byte as an encoder per header did: %s', (_what, headers) => {
    const record = Record({ key: 'k', value: 'v', headers, offsetDelta: 3, timestampDelta: 7 }).buffer as Buffer;
    const entries = Object.entries(headers).flatMap(([key, value]) => (Array.isArray(value) ? value.map((v) => ({ key, value: v })) : [{ key, value }]));
    const unpatchedHeaders = new Encoder().writeVarIntArray(entries.map(Header)).buffer as Buffer;
    expect(record.subarray(record.length - unpatchedHeaders.length)).toEqual(unpatchedHeaders);
    // and the record's length prefix still covers exactly the rest
    expect(new Decoder(record).readVarInt()).toBe(record.length - Encoder.sizeOfVarInt(record.length - 1));
  });

  it('still encodes a compressed batch (sized as it goes) that kafkajs decodes back', async () => {
    const records = Array.from({ length: 50 }, (_, i) =>
      Record({ key: `k${i}`, value: 'v'.repeat(i * 40), headers: {}, offsetDelta: i, timestampDelta: 0 }),
    );
    const encoded = await RecordBatch({ records, compression: Compression.GZIP, lastOffsetDelta: 49 });
    const batch = await decodeRecordBatch(new Decoder(encoded.buffer));
    expect(batch.records.map((r: any) => r.value.toString())).toEqual(records.map((_, i) => 'v'.repeat(i * 40)));
  });

  it('encodes a record batch that kafkajs decodes back, record for record, with a valid checksum', async () => {
    const messages = Array.from({ length: 300 }, (_, i) => ({
      key: randomUUID(),
      // Values on both sides of the encoder's 512-byte start size.
      value: JSON.stringify({ i, pad: 'x'.repeat((i * 7) % 1_200) }),
      headers: { 'event-type': 'tracking.status_changed', 'event-id': randomUUID() },
      timestamp: 1_764_000_000_000 + i,
    }));
    const records = messages.map((m, i) =>
      Record({ key: m.key, value: m.value, headers: m.headers, offsetDelta: i, timestampDelta: m.timestamp - messages[0].timestamp }),
    );
    const encoded = await RecordBatch({
      records,
      firstTimestamp: messages[0].timestamp,
      maxTimestamp: messages[messages.length - 1].timestamp,
      lastOffsetDelta: messages.length - 1,
      producerId: Long.fromInt(42),
      producerEpoch: 3,
      firstSequence: 1_000,
    });
    const bytes: Buffer = encoded.buffer;

    // firstOffset (8) and length (4), leader epoch (4), magic (1), then the CRC over the rest.
    const crc = bytes.readUInt32BE(17);
    expect(crc).toBe(jsCrc32C(bytes.subarray(21)));

    const batch = await decodeRecordBatch(new Decoder(bytes));
    expect(batch.producerId).toBe('42');
    expect(batch.firstSequence).toBe(1_000);
    expect(batch.records).toHaveLength(messages.length);
    batch.records.forEach((record: any, i: number) => {
      expect(record.key.toString()).toBe(messages[i].key);
      expect(record.value.toString()).toBe(messages[i].value);
      expect(record.timestamp).toBe(String(messages[i].timestamp));
      expect(record.offset).toBe(String(i));
      expect(Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, String(v)]))).toEqual(messages[i].headers);
    });
  });

  it('reads small varlongs as numbers, and every varlong as readVarLong does', () => {
    for (const value of varLongValues) {
      const bytes = new Encoder().writeVarLong(value).buffer;
      const small = new Decoder(bytes);
      const long = new Decoder(bytes);
      const read = small.readSmallVarLong();
      expect(String(typeof read === 'number' ? read : read.toString())).toBe(long.readVarLong().toString());
      expect(small.offset).toBe(long.offset);
      if (Math.abs(value) < 2 ** 27) expect(typeof read).toBe('number');
    }
  });

  it('decodes records in place, offsets and timestamps exact past 2^53 and for large deltas', async () => {
    const firstOffset = 2n ** 53n - 3n;
    const firstTimestamp = 1_764_000_000_000;
    const deltas = [0, 1, -5, 2 ** 27 + 1, -(2 ** 30), 86_400_000];
    const records = deltas.map((timestampDelta, i) =>
      Record({ key: i === 1 ? null : `k${i}`, value: i === 2 ? null : `v${i}`, headers: i === 3 ? { h: 'x' } : {}, offsetDelta: i, timestampDelta }),
    );
    const encoded = await RecordBatch({
      records,
      firstOffset: Long.fromValue(firstOffset.toString()),
      firstTimestamp,
      maxTimestamp: firstTimestamp,
      lastOffsetDelta: deltas.length - 1,
    });
    const batch = await decodeRecordBatch(new Decoder(encoded.buffer));
    expect(batch.records.map((r: any) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null, r.headers])).toEqual(
      deltas.map((delta, i) => [
        String(firstOffset + BigInt(i)),
        String(BigInt(firstTimestamp) + BigInt(delta)),
        i === 1 ? null : `k${i}`,
        i === 2 ? null : `v${i}`,
        i === 3 ? { h: Buffer.from('x') } : {},
      ]),
    );
  });
});
