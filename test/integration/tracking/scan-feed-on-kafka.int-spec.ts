import { Consumer, KafkaMessage, Producer } from 'kafkajs';
import { decodeEvent, deadLetterTopic, Topics } from '@waybill/contracts';
import { testKafka, observeTopic } from '../../support/kafka';
import { eventually } from '../../support/eventually';
import { query } from '../../support/postgres';
import { dhlScan, registerShipment, timelineOf, trackingEvents as outboxEvents, trackingSuite } from './tracking-harness';

jest.setTimeout(90_000);

/** A carrier feed on the real `waybill.scans.v1` topic, the platform on the real Kafka broker. */
describe('tracking: the carrier feed on real Kafka and PostgreSQL', () => {
  const suite = trackingSuite('tracking_kafka', { bus: 'kafka' });
  const kafka = testKafka('tracking-feed-int-spec');
  let producer: Producer;
  const observers: Consumer[] = [];

  async function observe(topic: string): Promise<KafkaMessage[]> {
    const { messages, consumer } = await observeTopic(kafka, topic);
    observers.push(consumer);
    return messages;
  }

  beforeAll(async () => {
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(observers.map((consumer) => consumer.disconnect()));
    await producer?.disconnect();
  });

  it('applies scans from waybill.scans.v1 and publishes each status change on waybill.tracking.v1', async () => {
    const trackingEvents = await observe(suite.platform.topic(Topics.tracking));
    const shipment = await registerShipment(suite.platform);
    const tn = shipment.trackingNumber;
    const scans = [dhlScan(tn, 'PU', 0), dhlScan(tn, 'AF', 10), dhlScan(tn, 'WC', 20)];

    await producer.send({
      topic: suite.platform.topic(Topics.scans),
      messages: [...scans, scans[1]].map((scan) => ({ key: tn, value: JSON.stringify(scan) })),
    });

    const changes = await eventually(() => {
      const mine = trackingEvents
        .map((message) => decodeEvent(message.value))
        .filter((event) => event.shipmentId === shipment.id && event.type === 'tracking.status_changed');
      expect(mine.map((event) => event.payload)).toEqual([
        expect.objectContaining({ status: 'created', version: 1 }),
        expect.objectContaining({ previousStatus: 'created', status: 'picked_up', version: 2 }),
        expect.objectContaining({ previousStatus: 'picked_up', status: 'in_transit', version: 3 }),
        expect.objectContaining({ previousStatus: 'in_transit', status: 'out_for_delivery', version: 4 }),
      ]);
      return mine;
    }, 30_000);
    expect(changes.every((event) => trackingEvents.find((m) => decodeEvent(m.value).id === event.id)!.key!.toString() === shipment.id)).toBe(true);
    const { body } = await timelineOf(suite.platform, shipment.id);
    expect(body).toMatchObject({ status: 'out_for_delivery', statusVersion: 4 });
    expect(body.timeline).toHaveLength(4);
  });

  it('changes nothing when the feed delivers the same scans again later, and keeps no inbox row per scan', async () => {
    const shipment = await registerShipment(suite.platform);
    const tn = shipment.trackingNumber;
    const first = [dhlScan(tn, 'PU', 0), dhlScan(tn, 'AF', 10)];
    const send = (scans: object[]) =>
      producer.send({ topic: suite.platform.topic(Topics.scans), messages: scans.map((scan) => ({ key: tn, value: JSON.stringify(scan) })) });

    await send(first);
    await eventually(async () => expect((await timelineOf(suite.platform, shipment.id)).body.statusVersion).toBe(3), 30_000);
    // A redelivery, as after a consumer crash before its offset commit, then one new scan.
    await send([...first, dhlScan(tn, 'WC', 20)]);
    await eventually(async () => expect((await timelineOf(suite.platform, shipment.id)).body.status).toBe('out_for_delivery'), 30_000);

    const { body } = await timelineOf(suite.platform, shipment.id);
    expect(body.statusVersion).toBe(4);
    expect(body.timeline).toHaveLength(4);
    const changes = await outboxEvents(suite.databaseUrl, shipment.id, ['tracking.status_changed']);
    expect(changes.map((event) => (event.payload as { version: number }).version)).toEqual([1, 2, 3, 4]);
    // The timeline's dedupe key is what recognised the repeats, not an inbox row.
    const inboxRows = await query(suite.databaseUrl, `SELECT 1 FROM tracking.inbox WHERE message_id LIKE $1`, [`scan:%:${first[0].carrierEventId}`]);
    expect(inboxRows).toHaveLength(0);
  });

  it('parks a malformed scan in waybill.scans.v1.dlq with the reason and goes on with the next ones', async () => {
    const deadLetters = await observe(suite.platform.topic(deadLetterTopic(Topics.scans)));
    const shipment = await registerShipment(suite.platform);
    const tn = shipment.trackingNumber;

    await producer.send({
      topic: suite.platform.topic(Topics.scans),
      messages: [
        { key: tn, value: JSON.stringify(dhlScan(tn, 'PU', 0)) },
        { key: tn, value: '{"carrierEventId": "broken", "trackingNumber": ' },
        { key: tn, value: JSON.stringify({ ...dhlScan(tn, 'AF', 5), occurredAt: 'soon' }) },
        { key: tn, value: JSON.stringify(dhlScan(tn, 'OK', 10)) },
      ],
    });

    await eventually(async () => expect((await timelineOf(suite.platform, shipment.id)).body.status).toBe('delivered'), 30_000);
    const mine = await eventually(() => {
      const found = deadLetters.filter((message) => message.key?.toString() === tn);
      expect(found).toHaveLength(2);
      return found;
    }, 30_000);
    expect(mine.map((message) => message.headers!['x-error']!.toString())).toEqual([
      expect.stringMatching(/not valid JSON/),
      expect.stringMatching(/occurredAt/),
    ]);
    expect(mine[0].value!.toString()).toBe('{"carrierEventId": "broken", "trackingNumber": ');
    expect(mine[0].headers!['x-original-topic']!.toString()).toBe(Topics.scans);
  });
});
