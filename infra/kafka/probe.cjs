#!/usr/bin/env node
// Readiness probe used by start.sh: succeeds once the broker at
// 127.0.0.1:<port> answers a Metadata request and lists at least one broker.
//
// If kafkajs is installed in the repo (node_modules at the repo root), the
// probe uses its admin client (describeCluster => Metadata request) and then
// warms up the group coordinator (see warmGroupCoordinator below). Otherwise
// it speaks the Kafka wire protocol directly: ApiVersions v0, then Metadata
// v4..v8 (non-flexible versions, supported by Kafka 3.x and 4.x alike).
//
// usage: node probe.cjs <port> [timeoutMs]      exit 0 = ready, 1 = not ready
'use strict';
const net = require('net');
const path = require('path');

const port = Number(process.argv[2] || 9092);
const timeoutMs = Number(process.argv[3] || 10000);
const host = '127.0.0.1';

function loadKafkajs() {
  if (process.env.KAFKA_PROBE_RAW === '1') return null;
  const repoRoot = path.resolve(__dirname, '..', '..');
  try {
    return require(require.resolve('kafkajs', { paths: [repoRoot, __dirname] }));
  } catch {
    return null;
  }
}

// Java's String.hashCode, then Kafka's Utils.abs(..) % n: the
// __consumer_offsets partition that coordinates a group id.
function groupPartition(groupId, n) {
  let h = 0;
  for (let i = 0; i < groupId.length; i++) h = (Math.imul(31, h) + groupId.charCodeAt(i)) | 0;
  return (h === -2147483648 ? 0 : Math.abs(h)) % n;
}

// On a fresh broker, __consumer_offsets is created lazily by the first
// FindCoordinator and its partitions then load asynchronously; a kafkajs
// consumer that joins in that window gets GROUP_LOAD_IN_PROGRESS from
// JoinGroup and "crashes" (it restarts itself, but tests see the error).
// Describing one group per __consumer_offsets partition (kafkajs retries
// COORDINATOR_NOT_AVAILABLE / COORDINATOR_LOAD_IN_PROGRESS) makes every
// partition loaded before start.sh returns.
async function warmGroupCoordinator(admin) {
  await admin.describeGroups(['waybill-kafka-probe']); // creates __consumer_offsets
  const meta = await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] });
  const n = meta.topics[0].partitions.length;
  const byPartition = new Map();
  for (let i = 0; byPartition.size < n && i < 1000000; i++) {
    const id = `waybill-kafka-probe-${i}`;
    const p = groupPartition(id, n);
    if (!byPartition.has(p)) byPartition.set(p, id);
  }
  await admin.describeGroups([...byPartition.values()]);
  return n;
}

async function probeWithKafkajs(kafkajs) {
  const kafka = new kafkajs.Kafka({
    clientId: 'waybill-kafka-probe',
    brokers: [`${host}:${port}`],
    connectionTimeout: 3000,
    requestTimeout: timeoutMs,
    retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 },
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout after ${timeoutMs}ms`)), timeoutMs);
  });
  const work = (async () => {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (!cluster.brokers || cluster.brokers.length === 0) throw new Error('no brokers in metadata');
    let msg = `kafkajs describeCluster: clusterId=${cluster.clusterId} brokers=${cluster.brokers.length}`;
    if (process.env.KAFKA_PROBE_WARMUP !== '0') {
      const n = await warmGroupCoordinator(admin);
      msg += `; group coordinator loaded (${n} __consumer_offsets partitions)`;
    }
    return msg;
  })();
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => {});
  }
}

// --- raw protocol -----------------------------------------------------------
function request(sock, apiKey, apiVersion, correlationId, body) {
  const clientId = Buffer.from('waybill-kafka-probe');
  const header = Buffer.alloc(10 + clientId.length);
  header.writeInt16BE(apiKey, 0);
  header.writeInt16BE(apiVersion, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(clientId.length, 8);
  clientId.copy(header, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + body.length, 0);
  sock.write(Buffer.concat([size, header, body]));
}

function rawProbe() {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    let stage = 'apiversions';
    let metadataVersion = -1;
    const timer = setTimeout(() => finish(new Error(`timeout after ${timeoutMs}ms`)), timeoutMs);
    function finish(err, msg) {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(msg);
    }
    sock.on('error', (e) => finish(e));
    sock.on('close', () => finish(new Error(`connection closed during ${stage}`)));
    sock.on('connect', () => request(sock, 18, 0, 1, Buffer.alloc(0)));
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4) return;
      const len = buf.readInt32BE(0);
      if (buf.length < 4 + len) return;
      const frame = buf.subarray(4, 4 + len);
      buf = buf.subarray(4 + len);
      try {
        if (stage === 'apiversions') {
          if (frame.readInt32BE(0) !== 1) throw new Error('bad correlation id');
          const errorCode = frame.readInt16BE(4);
          if (errorCode !== 0) throw new Error(`ApiVersions error code ${errorCode}`);
          const n = frame.readInt32BE(6);
          let off = 10;
          for (let i = 0; i < n; i++) {
            const key = frame.readInt16BE(off);
            const min = frame.readInt16BE(off + 2);
            const max = frame.readInt16BE(off + 4);
            off += 6;
            if (key === 3 && Math.min(max, 8) >= Math.max(min, 4)) metadataVersion = Math.min(max, 8);
          }
          if (metadataVersion < 0) {
            return finish(null, 'ApiVersions answered (no Metadata version in 4..8 to try)');
          }
          stage = 'metadata';
          // topics = null (all), allow_auto_topic_creation = false, and for v8
          // include_{cluster,topic}_authorized_operations = false.
          const body = Buffer.alloc(metadataVersion >= 8 ? 7 : 5);
          body.writeInt32BE(-1, 0);
          request(sock, 3, metadataVersion, 2, body);
        } else {
          if (frame.readInt32BE(0) !== 2) throw new Error('bad correlation id');
          const brokers = frame.readInt32BE(8); // after correlation id + throttle_time_ms
          if (brokers < 1) throw new Error('metadata lists no brokers yet');
          finish(null, `raw Metadata v${metadataVersion}: brokers=${brokers}`);
        }
      } catch (e) {
        finish(e);
      }
    });
  });
}

(async () => {
  const kafkajs = loadKafkajs();
  try {
    const msg = kafkajs ? await probeWithKafkajs(kafkajs) : await rawProbe();
    process.stdout.write(`${msg}\n`);
    process.exit(0);
  } catch (e) {
    process.stderr.write(`probe failed: ${e && e.message ? e.message : e}\n`);
    process.exit(1);
  }
})();
