// A carrier feed for the tracking benchmark, in a process of its own: in life the scans come from
// the carriers' systems, so producing or posting them must not take the service's event loop
// (or its heap: kafkajs' encoding and the JSON of 5,000-scan bodies are a good part of a
// client's garbage). Still on the same two cores.
//
// The parent forks this file and asks for a workload by label and size:
// - `produce`: its scans, interleaved, to a topic in requests of 5,000 (acks=all);
// - `post`: its scans to POST /api/v1/scans, 500 whole parcel lives (5,000 scans) per request,
//   from two clients side by side, as carriers with an integration key would.
// Each answer says when the first request left (epoch ms) and how long until the last was done.
import { Kafka, logLevel } from 'kafkajs';
import { request } from 'undici';
import { KeyPartitioner } from '@waybill/messaging';
import { brokers } from '../support/kafka';
import { interleaved, parcelLives, parcels } from './scan-workload';

interface WorkloadRequest {
  label: string;
  shipments: number;
}

type FeedRequest =
  | ({ type: 'produce'; topic: string } & WorkloadRequest)
  | ({ type: 'post'; url: string; headers: Record<string, string> } & WorkloadRequest)
  | { type: 'stop' };

export interface FeedAnswer {
  scans: number;
  startedAt: number;
  ms: number;
  /** `post` only: each request's time until its 2xx, sorted. */
  requestMs?: number[];
}

async function produce(producer: ReturnType<Kafka['producer']>, topic: string, w: WorkloadRequest): Promise<FeedAnswer> {
  // Encoded before the clock starts, as `post` does with its bodies: a carrier's serialising is
  // its own machine's work, and here it would take the cores the service is measured on.
  const scans = interleaved(parcelLives(parcels(w.label, w.shipments)));
  const requests: { key: string; value: Buffer }[][] = [];
  for (let i = 0; i < scans.length; i += 5_000) {
    requests.push(scans.slice(i, i + 5_000).map((scan) => ({ key: String(scan.trackingNumber), value: Buffer.from(JSON.stringify(scan)) })));
  }
  const startedAt = Date.now();
  const started = performance.now();
  for (const messages of requests) await producer.send({ topic, acks: -1, messages });
  return { scans: scans.length, startedAt, ms: performance.now() - started };
}

async function post(url: string, headers: Record<string, string>, w: WorkloadRequest): Promise<FeedAnswer> {
  const lives = parcelLives(parcels(w.label, w.shipments));
  // Whole parcel lives per request, so two requests never race on one parcel.
  const bodies: { text: string; scans: number }[] = [];
  for (let i = 0; i < lives.length; i += 500) {
    const scans = interleaved(lives.slice(i, i + 500));
    bodies.push({ text: JSON.stringify(scans), scans: scans.length });
  }
  const requestMs: number[] = [];
  let next = 0;
  const startedAt = Date.now();
  const started = performance.now();
  const client = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const t0 = performance.now();
      const response = await request(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: body.text });
      const result = (await response.body.json()) as { applied?: number };
      if (response.statusCode !== 200 || result.applied !== body.scans) {
        throw new Error(`POST /scans: ${response.statusCode} ${JSON.stringify(result).slice(0, 300)}`);
      }
      requestMs.push(performance.now() - t0);
    }
  };
  await Promise.all([client(), client()]);
  return { scans: bodies.reduce((sum, b) => sum + b.scans, 0), startedAt, ms: performance.now() - started, requestMs: requestMs.sort((a, b) => a - b) };
}

async function runFeed(): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-scan-feed', brokers: brokers(), logLevel: logLevel.WARN });
  // The Java client's partitioning (as carriers' own clients would), computed without kafkajs' slow hash.
  const producer = kafka.producer({ createPartitioner: KeyPartitioner });
  await producer.connect();
  process.on('message', (message: FeedRequest) => {
    if (message.type === 'stop') {
      void producer.disconnect().finally(() => process.exit(0));
      return;
    }
    const work = message.type === 'produce' ? produce(producer, message.topic, message) : post(message.url, message.headers, message);
    work.then(
      (answer) => process.send!(answer),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  process.send!({ type: 'ready' });
}

runFeed().catch((error) => {
  console.error(error);
  process.exit(1);
});
