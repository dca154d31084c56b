import { IncomingMessage, OutgoingMessage, Subscription } from '../event-bus';
import { InProcessBus } from './in-process-bus';

const TOPIC = 'waybill.test.v1';

type Batch = Parameters<Subscription['handleBatch']>[0];

/** A consumer group that records what it received and commits every batch it handles. */
function recordingGroup(groupId: string, topics: string[] = [TOPIC]) {
  const received: IncomingMessage[] = [];
  const batches: Batch[] = [];
  const subscription: Subscription = {
    groupId,
    topics,
    handleBatch: async (batch, context) => {
      batches.push(batch);
      received.push(...batch.messages);
      await context.commit(batch.messages[batch.messages.length - 1].offset);
    },
  };
  return { subscription, received, batches };
}

function message(key: string, value: string, headers?: Record<string, string>): OutgoingMessage {
  return { topic: TOPIC, key, value, headers };
}

function valuesFor(received: IncomingMessage[], key: string): string[] {
  return received.filter((m) => m.key === key).map((m) => m.value!.toString());
}

describe('InProcessBus', () => {
  let bus: InProcessBus;
  let warnings: string[];

  beforeEach(async () => {
    warnings = [];
    bus = new InProcessBus({ warn: (msg) => warnings.push(msg) });
    await bus.start();
  });

  afterEach(async () => {
    await bus.stop();
  });

  it('delivers the messages of one key in the order they were published', async () => {
    const group = recordingGroup('waybill.tracking');
    await bus.subscribe(group.subscription);

    const keys = ['shipment-a', 'shipment-b', 'shipment-c', 'shipment-d'];
    const published = keys.flatMap((key) => Array.from({ length: 5 }, (_, i) => message(key, `${key}#${i}`)));
    // Interleave keys, publish in three separate calls, as several producers would.
    const interleaved = [0, 1, 2, 3, 4].flatMap((i) => keys.map((_, k) => published[k * 5 + i]));
    await Promise.all([
      bus.publish(interleaved.slice(0, 7)),
      bus.publish(interleaved.slice(7, 13)),
      bus.publish(interleaved.slice(13)),
    ]);

    expect(group.received).toHaveLength(20);
    for (const key of keys) {
      expect(valuesFor(group.received, key)).toEqual([0, 1, 2, 3, 4].map((i) => `${key}#${i}`));
    }
  });

  it('keeps one key on one partition with growing offsets', async () => {
    const group = recordingGroup('waybill.tracking');
    await bus.subscribe(group.subscription);

    await bus.publish([message('shipment-a', '1'), message('shipment-a', '2'), message('shipment-a', '3')]);
    await bus.publish([message('shipment-a', '4')]);

    const partitions = new Set(group.received.map((m) => m.partition));
    expect(partitions.size).toBe(1);
    expect(group.received.map((m) => Number(m.offset))).toEqual([0, 1, 2, 3]);
  });

  it('gives every message to each consumer group', async () => {
    const tracking = recordingGroup('waybill.tracking');
    const sla = recordingGroup('waybill.sla-monitor');
    await bus.subscribe(tracking.subscription);
    await bus.subscribe(sla.subscription);

    await bus.publish([message('shipment-a', 'one'), message('shipment-b', 'two'), message('shipment-a', 'three')]);

    for (const group of [tracking, sla]) {
      expect(group.received.map((m) => m.value!.toString()).sort()).toEqual(['one', 'three', 'two']);
      expect(valuesFor(group.received, 'shipment-a')).toEqual(['one', 'three']);
    }
  });

  it('gives a group only the topics it subscribed to', async () => {
    const group = recordingGroup('waybill.tracking', [TOPIC]);
    const other = recordingGroup('waybill.notifications', ['waybill.other.v1']);
    await bus.subscribe(group.subscription);
    await bus.subscribe(other.subscription);

    await bus.publish([message('shipment-a', 'mine'), { topic: 'waybill.other.v1', key: 'shipment-a', value: 'theirs' }]);

    expect(group.received.map((m) => [m.topic, m.value!.toString()])).toEqual([[TOPIC, 'mine']]);
    expect(other.received.map((m) => [m.topic, m.value!.toString()])).toEqual([['waybill.other.v1', 'theirs']]);
  });

  it('redelivers the same batch when the handler throws, and publish waits until it is committed', async () => {
    const deliveries: string[][] = [];
    const committed: string[] = [];
    await bus.subscribe({
      groupId: 'waybill.flaky',
      topics: [TOPIC],
      handleBatch: async (batch, context) => {
        deliveries.push(batch.messages.map((m) => m.value!.toString()));
        if (deliveries.length === 1) throw new Error('database went away');
        const last = batch.messages[batch.messages.length - 1].offset;
        await context.commit(last);
        committed.push(last);
      },
    });

    const publish = bus.publish([message('shipment-a', 'one'), message('shipment-a', 'two')]);
    let publishedAfter: { deliveries: number; committed: number } | undefined;
    await publish.then(() => {
      publishedAfter = { deliveries: deliveries.length, committed: committed.length };
    });

    expect(deliveries).toEqual([
      ['one', 'two'],
      ['one', 'two'],
    ]);
    expect(committed).toEqual(['1']);
    expect(publishedAfter).toEqual({ deliveries: 2, committed: 1 });
    expect(warnings).toEqual([expect.stringContaining('waybill.flaky failed')]);
  });

  it('does not resolve publish before the group has committed', async () => {
    let releaseHandler!: () => void;
    const handlerMayFinish = new Promise<void>((resolve) => (releaseHandler = resolve));
    let handlerStarted!: () => void;
    const started = new Promise<void>((resolve) => (handlerStarted = resolve));
    await bus.subscribe({
      groupId: 'waybill.slow',
      topics: [TOPIC],
      handleBatch: async (batch, context) => {
        handlerStarted();
        await handlerMayFinish;
        await context.commit(batch.messages[batch.messages.length - 1].offset);
      },
    });

    let resolved = false;
    const publish = bus.publish([message('shipment-a', 'one')]).then(() => (resolved = true));
    await started;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(resolved).toBe(false);

    releaseHandler();
    await publish;
    expect(resolved).toBe(true);
  });

  it('resolves publish at once when nobody subscribed to the topic', async () => {
    const group = recordingGroup('waybill.tracking', ['waybill.other.v1']);
    await bus.subscribe(group.subscription);

    await expect(bus.publish([message('shipment-a', 'nobody listens')])).resolves.toBeUndefined();
    expect(group.received).toEqual([]);
  });

  it('resolves publish at once when there are no groups at all', async () => {
    await expect(bus.publish([message('shipment-a', 'into the void')])).resolves.toBeUndefined();
  });

  it('hands over key, value and headers as they were published', async () => {
    const group = recordingGroup('waybill.tracking');
    await bus.subscribe(group.subscription);

    const bytes = Buffer.from([0x00, 0xff, 0x10, 0x7f]);
    await bus.publish([
      { topic: TOPIC, key: 'shipment-a', value: '{"id":"1"}', headers: { 'event-type': 'shipment.created', 'event-id': '1' } },
      { topic: TOPIC, key: 'shipment-a', value: bytes },
      { topic: TOPIC, key: 'shipment-a', value: 'no headers' },
    ]);

    expect(group.received).toEqual([
      expect.objectContaining({
        topic: TOPIC,
        key: 'shipment-a',
        value: Buffer.from('{"id":"1"}'),
        headers: { 'event-type': 'shipment.created', 'event-id': '1' },
      }),
      expect.objectContaining({ key: 'shipment-a', value: bytes, headers: {} }),
      expect.objectContaining({ key: 'shipment-a', value: Buffer.from('no headers'), headers: {} }),
    ]);
    for (const received of group.received) expect(Buffer.isBuffer(received.value)).toBe(true);
  });

  it('does not let a consumer change the headers the producer still holds', async () => {
    const headers = { 'event-type': 'shipment.created' };
    await bus.subscribe({
      groupId: 'waybill.meddler',
      topics: [TOPIC],
      handleBatch: async (batch, context) => {
        batch.messages[0].headers['x-meddled'] = 'yes';
        await context.commit(batch.messages[0].offset);
      },
    });

    await bus.publish([message('shipment-a', 'one', headers)]);
    expect(headers).toEqual({ 'event-type': 'shipment.created' });
  });

  it('continues after a commit with the messages that came later, not the ones already handled', async () => {
    const group = recordingGroup('waybill.tracking');
    await bus.subscribe(group.subscription);

    await bus.publish([message('shipment-a', 'one'), message('shipment-a', 'two')]);
    await bus.publish([message('shipment-a', 'three')]);

    expect(valuesFor(group.received, 'shipment-a')).toEqual(['one', 'two', 'three']);
    expect(group.batches.map((b) => b.messages.map((m) => m.value!.toString()))).toEqual([['one', 'two'], ['three']]);
  });

  it('reports itself healthy while running and not after stop', async () => {
    expect(await bus.isHealthy()).toBe(true);
    await bus.stop();
    expect(await bus.isHealthy()).toBe(false);
  });
});
