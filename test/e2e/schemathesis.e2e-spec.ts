import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { RunningPlatform, startPlatform } from '../support/platform';
import { createDatabase } from '../support/postgres';
import { aShipmentRequest } from '../support/shipments';
import { call } from '../support/http';
const { ensureSchemathesis } = require('../../infra/schemathesis/ensure-schemathesis.js');

jest.setTimeout(600_000);

const run = promisify(execFile);
/** Bounded, so CI time stays predictable: this many generated cases per operation and phase. */
const EXAMPLES_PER_OPERATION = 10;

interface SchemathesisReport {
  exit_code: number;
  test_cases: { generated: number; with_failures: number; unique_failures: number; errored: number };
  failures: unknown[];
  errors: unknown[];
}

/**
 * Schemathesis (from PyPI, pinned in infra/schemathesis) fuzzes every operation of the whole
 * platform's OpenAPI document, signed in as an admin so it gets past the guard into the
 * handlers: no answer may be a 5xx, and none may break the schema it documents.
 */
describe('the API under schemathesis (whole platform, real PostgreSQL)', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;
  let reportDir: string;

  beforeAll(async () => {
    database = await createDatabase('schemathesis');
    platform = await startPlatform({ databaseUrl: database.url });
    reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemathesis-'));
    // A few real shipments, so list and report operations have rows to serialise.
    for (let i = 0; i < 3; i++) await call(platform.api, 'POST', '/shipments', { body: aShipmentRequest() });
  });

  afterAll(async () => {
    await platform?.close();
    await database?.drop();
    if (reportDir) fs.rmSync(reportDir, { recursive: true, force: true });
  });

  it('finds no server error and no response outside its documented schema', async () => {
    const bin: string = process.env.SCHEMATHESIS_BIN || (await ensureSchemathesis());
    const args = [
      'run',
      `${platform.baseUrl}/api/docs-json`,
      '--header',
      `Authorization: ${platform.api.credentials.authorization}`,
      '--checks',
      'not_a_server_error,response_schema_conformance',
      '--max-examples',
      String(EXAMPLES_PER_OPERATION),
      '--seed',
      '20261128',
      // One worker: with two threads, hypothesis's lambda descriptions call ast.parse
      // concurrently, which CPython 3.11 before 3.11.8 can fail with "AST constructor recursion
      // depth mismatch" (a schemathesis "Runtime Error" that is not about our API).
      '--workers',
      '1',
      '--generation-database',
      'none',
      '--no-color',
      '--report',
      'json,har',
      '--report-json-path',
      path.join(reportDir, 'report.json'),
      '--report-har-path',
      path.join(reportDir, 'requests.har'),
    ];
    const outcome = await run(bin, args, { maxBuffer: 64 * 1024 * 1024, cwd: reportDir }).then(
      ({ stdout }) => stdout,
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    const readReport = (name: string) => {
      if (!fs.existsSync(path.join(reportDir, name))) throw new Error(`schemathesis wrote no ${name}:\n${outcome.slice(-4000)}`);
      return JSON.parse(fs.readFileSync(path.join(reportDir, name), 'utf8'));
    };
    const report: SchemathesisReport = readReport('report.json');
    const har = readReport('requests.har');
    const requests: Array<{ response: { status: number } }> = har.log.entries;
    const serverErrors = requests.filter((entry) => entry.response.status >= 500).length;
    // The closing note quotes this line: how much schemathesis asked.
    console.log(
      `schemathesis: ${requests.length} requests, ${report.test_cases.generated} generated cases, ` +
        `${report.test_cases.with_failures} with failures, ${serverErrors} server errors`,
    );

    // What schemathesis printed about them, for whoever reads a failed run.
    if (report.failures.length > 0 || report.errors.length > 0) console.log(outcome.slice(-8000));
    expect({ failures: report.failures, errors: report.errors, serverErrors }).toEqual({ failures: [], errors: [], serverErrors: 0 });
    if (report.exit_code !== 0) throw new Error(`schemathesis exited ${report.exit_code}:\n${outcome.slice(-4000)}`);
    // It really exercised the API: every operation, many requests, most past the guard.
    expect(requests.length).toBeGreaterThan(500);
    expect(requests.filter((entry) => entry.response.status !== 401 && entry.response.status !== 403).length).toBeGreaterThan(requests.length * 0.9);
  });
});
