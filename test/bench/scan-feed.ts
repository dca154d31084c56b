// A carrier feed for the tracking benchmark, in a process of its own: in life the scans come from
// the carriers' systems, so producing them must not take the service's event loop (or its heap:
// kafkajs' encoding is a good part of a producer's garbage). Still on the same two cores.
//
// The parent forks this file and sends { topic, label, shipments }; the feed produces that
// workload's scans, interleaved, in requests of 5,000 (acks=all), and answers with how long it took.
import { Kafka, logLevel } from 'kafkajs';
import { brokers } from '../support/kafka';
import { interleaved, workload } from './scan-workload';

interface ProduceRequest {
  type: 'produce';
  topic: string;
  label: string;
  shipments: number;
}

async function runFeed(): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-scan-feed', brokers: brokers(), logLevel: logLevel.WARN });
  const producer = kafka.producer();
  await producer.connect();
  process.on('message', (request: ProduceRequest | { type: 'stop' }) => {
    if (request.type === 'stop') {
      void producer.disconnect().finally(() => process.exit(0));
      return;
    }
    void (async () => {
      const scans = interleaved(workload(request.label, request.shipments));
      const startedAt = Date.now();
      const started = performance.now();
      for (let i = 0; i < scans.length; i += 5_000) {
        await producer.send({
          topic: request.topic,
          acks: -1,
          messages: scans.slice(i, i + 5_000).map((scan) => ({ key: String(scan.trackingNumber), value: JSON.stringify(scan) })),
        });
      }
      process.send!({ type: 'produced', scans: scans.length, startedAt, ms: performance.now() - started });
    })().catch((error) => {
      console.error(error);
      process.exit(1);
    });
  });
  process.send!({ type: 'ready' });
}

runFeed().catch((error) => {
  console.error(error);
  process.exit(1);
});
