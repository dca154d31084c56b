import { randomBytes, randomUUID } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { murmur2, partitionForKey } from './key-partitioner';

// kafkajs' own implementation, the reference this one must match bit for bit.
const kafkajsMurmur2: (key: Buffer | string) => number = require('kafkajs/src/producer/partitioners/default/murmur2');

describe('key partitioner', () => {
  it('hashes every key exactly as kafkajs (and the Java client) does', () => {
    const keys: Buffer[] = [Buffer.alloc(0), Buffer.from('21'), Buffer.from('hello world'), Buffer.from([0xff, 0x80, 0x7f])];
    for (let length = 0; length < 64; length++) keys.push(randomBytes(length), randomBytes(length));
    for (let i = 0; i < 500; i++) keys.push(Buffer.from(randomUUID()), Buffer.from(`WB${i}${randomUUID().slice(0, 8)}`));
    for (const key of keys) expect(murmur2(key)).toBe(kafkajsMurmur2(key));
  });

  it('puts a keyed message where kafkajs’ DefaultPartitioner does', () => {
    const partitioner = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 7, 12]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
        partitionId,
        leader: 0,
        partitionErrorCode: 0,
        replicas: [0],
        isr: [0],
      }));
      for (let i = 0; i < 200; i++) {
        const key = randomUUID();
        expect(partitionForKey(key, partitions)).toBe(partitioner({ topic: 't', partitionMetadata, message: { key, value: 'v' } }));
      }
    }
  });
});
