#!/usr/bin/env node
// `npm run bench [name…]`: starts real Kafka and PostgreSQL, then runs each benchmark in
// test/bench/<name>.bench.ts in its own process (so peak memory is its own) and prints what it
// measured. Numbers are quoted in docs/benchmarks.md with the machine they came from.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startLocalInfra } = require('../../infra/local-infra.js');

const root = path.resolve(__dirname, '../..');
const started = Date.now();
const log = (m) => console.log(`[bench] ${m} (+${((Date.now() - started) / 1000).toFixed(1)}s)`);

function benchmarks(names) {
  const all = fs.readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', ''));
  const unknown = names.filter((n) => !all.includes(n));
  if (unknown.length) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; have: ${all.join(', ')}`);
  return names.length ? names : all;
}

function runOne(name, env) {
  return new Promise((resolve) => {
    // BENCH_NODE_ARGS adds node flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (not allowed in
    // NODE_OPTIONS); a benchmark's forked workers inherit them.
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, ['--expose-gc', ...nodeArgs, path.join(root, 'tools/run-ts.js'), path.join(__dirname, `${name}.bench.ts`)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env,
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

async function main() {
  const names = benchmarks(process.argv.slice(2));
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  const infra = await startLocalInfra({
    kafkaPort: Number(process.env.BENCH_KAFKA_PORT ?? 29092),
    pgPort: Number(process.env.BENCH_PG_PORT ?? 56432),
    label: 'bench',
    log,
  });
  let failed = 0;
  try {
    for (const name of names) {
      log(`running ${name}`);
      const { code } = await runOne(name, {
        ...process.env,
        KAFKA_BROKERS: infra.kafkaBrokers,
        TEST_DATABASE_URL: infra.databaseUrl,
        LOG_LEVEL: 'warn',
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
      });
      if (code !== 0) failed++;
    }
  } finally {
    await infra.stop();
  }
  log(`done: ${names.length - failed} of ${names.length} benchmarks ran`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
