// `npm run demo`: the whole platform (as `npm start` runs it) plus a traffic simulator that
// plays merchants and carriers through the public API, with the SLA clock sped up so the board
// moves and alerts arrive within half a minute. Open http://localhost:3000 while it runs.
//
//   npm run demo                              # platform + simulator, data in .waybill/demo
//   WAYBILL_API_KEY=wbk_… npm run demo -- --url http://host:3000
//                                             # simulator only, against a running platform, with
//                                             # an integration key (shipments:write, scans:write)
//   options: --rate <shipments/min> (30)  --burst <n> (30)  --seed <n>  --duration <s>
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DemoSimulator } from './simulator';
import { runPlatform } from './platform-process';
import { createDemoIntegrationKey } from './demo-credentials';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    rate: { type: 'string', default: '30' },
    burst: { type: 'string', default: '30' },
    seed: { type: 'string' },
    duration: { type: 'string' },
  },
});

const log = (line: string) => console.log(`[demo] ${line}`);

async function main(): Promise<void> {
  const platform = values.url ? null : await runPlatform({ dataDir: path.resolve(process.env.WAYBILL_DATA_DIR ?? '.waybill/demo'), log });
  const baseUrl = values.url ?? platform!.baseUrl;
  let credentials: Record<string, string>;
  if (platform) credentials = await createDemoIntegrationKey(baseUrl, await platform.admin());
  else if (process.env.WAYBILL_API_KEY) credentials = { 'x-api-key': process.env.WAYBILL_API_KEY };
  else throw new Error('with --url, set WAYBILL_API_KEY to an integration key with shipments:write and scans:write');
  const simulator = new DemoSimulator({
    baseUrl,
    credentials,
    shipmentsPerMinute: Number(values.rate),
    openingBurst: Number(values.burst),
    seed: values.seed === undefined ? undefined : Number(values.seed),
    log,
  });
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await simulator.stop();
    await platform?.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  platform?.exited.then((code) => {
    if (!stopping) {
      log(`the platform stopped (exit ${code})`);
      void stop(1);
    }
  });

  await simulator.start();
  log(`dispatcher board  ${baseUrl}/`);
  log(`ops report        ${baseUrl}/reports`);
  log(`a tracking page   ${simulator.stats.firstTrackingUrl ?? '(no shipment yet)'}`);
  log('first alerts within ~30 s; Ctrl-C to stop');
  const report = setInterval(() => {
    const s = simulator.stats;
    const trouble = [s.retries ? `${s.retries} retried` : '', s.failedRequests ? `${s.failedRequests} failed` : ''].filter(Boolean);
    log(`${s.created} shipments, ${s.scansSent} scans sent, ${s.pendingScans} scans scheduled${trouble.length ? ` (requests: ${trouble.join(', ')})` : ''}`);
  }, 15_000);
  report.unref();
  if (values.duration) setTimeout(() => void stop(), Number(values.duration) * 1000);
}

main().catch((error: Error) => {
  console.error(`[demo] ${error.message}`);
  process.exit(1);
});
