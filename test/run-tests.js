#!/usr/bin/env node
// `npm test`: starts a real Kafka broker and a real PostgreSQL (infra/local-infra.js), runs every
// jest project against them, stops both, and ends with one plain line `Tests: N passed, N failed`
// read from jest's own results. Arguments go to jest (`npm test -- --selectProjects unit`).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startLocalInfra } = require('../infra/local-infra.js');
const { ensureSchemathesis } = require('../infra/schemathesis/ensure-schemathesis.js');

const root = path.resolve(__dirname, '..');
const started = Date.now();

function log(message) {
  console.log(`[test] ${message} (+${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

async function runJest(infra) {
  const resultsFile = path.join(infra.workDir, 'jest-results.json');
  const jest = spawn(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--json', `--outputFile=${resultsFile}`, '--maxWorkers=2', ...process.argv.slice(2)],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        KAFKA_BROKERS: infra.kafkaBrokers,
        TEST_DATABASE_URL: infra.databaseUrl,
        ...(infra.schemathesisBin ? { SCHEMATHESIS_BIN: infra.schemathesisBin } : {}),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
      },
    },
  );
  const exitCode = await new Promise((resolve) => jest.on('exit', (code) => resolve(code ?? 1)));
  if (!fs.existsSync(resultsFile)) return { exitCode, summary: null };
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  // A suite that could not run (syntax error, failing beforeAll import) counts as a failure too.
  const summary = { passed: results.numPassedTests, failed: results.numFailedTests + results.numRuntimeErrorTestSuites };
  return { exitCode, summary };
}

async function main() {
  let exitCode = 1;
  let summary = null;
  let infra = null;
  try {
    log('starting PostgreSQL and Kafka');
    // The API fuzzer (Python, from PyPI) installs while the broker starts: no time added when cold.
    // A failed install fails only the schemathesis test (which says why), not every other test.
    const schemathesis = ensureSchemathesis(log).catch((error) => {
      log(`schemathesis could not be installed: ${error.message}`);
      return undefined;
    });
    infra = await startLocalInfra({
      kafkaPort: Number(process.env.TEST_KAFKA_PORT ?? 19092),
      pgPort: Number(process.env.TEST_PG_PORT ?? 55432),
      label: 'test',
      log,
    });
    infra.schemathesisBin = await schemathesis;
    ({ exitCode, summary } = await runJest(infra));
  } catch (error) {
    console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    log('stopping Kafka and PostgreSQL');
    await infra?.stop();
  }
  if (!summary) summary = { passed: 0, failed: 1 };
  if (summary.failed > 0 && exitCode === 0) exitCode = 1;
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  console.log(`Tests: ${summary.passed} passed, ${summary.failed} failed`);
  process.exit(exitCode);
}

void main();
