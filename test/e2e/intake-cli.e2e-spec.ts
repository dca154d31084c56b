import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { issueApiKey } from '@waybill/access';
import { RunningIntake, startIntake } from '../integration/intake/intake-app';
import { aCsvRow, csvOf } from '../integration/intake/intake-http';
import { createDatabase, query } from '../support/postgres';
import { ROOT } from '../support/processes';

jest.setTimeout(90_000);

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'tools/waybill-cli/waybill.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, WAYBILL_API_KEY: '', WAYBILL_TOKEN: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `waybill import file.csv` as a merchant runs it, against shipment intake on real PostgreSQL. */
describe('waybill import (CLI)', () => {
  let database: { url: string; drop(): Promise<void> };
  let intake: RunningIntake;
  let dir: string;
  /** What a merchant's system holds: an integration key that may write shipments, nothing else. */
  let merchantKey: Record<string, string>;

  beforeAll(async () => {
    database = await createDatabase('intake_cli');
    intake = await startIntake({ databaseUrl: database.url });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-cli-'));
    merchantKey = { WAYBILL_API_KEY: await issueApiKey(intake.app, ['shipments:write'], 'cli merchant') };
  });

  afterAll(async () => {
    await intake?.close();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a file, prints created, duplicate and invalid counts with the invalid lines, and exits 2', async () => {
    const rows = Array.from({ length: 300 }, () => aCsvRow());
    rows[10] = aCsvRow({ destinationCountry: 'Germany' });
    rows[20] = aCsvRow({ merchantReference: String(rows[0].merchantReference) });
    const file = path.join(dir, 'shipments.csv');
    fs.writeFileSync(file, csvOf(rows));
    const out = path.join(dir, 'results.json');

    const result = await runCli(['import', file, '--url', intake.baseUrl, '--out', out], merchantKey);

    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/rows\s+300/);
    expect(result.stdout).toMatch(/created\s+298/);
    expect(result.stdout).toMatch(/duplicate\s+1/);
    expect(result.stdout).toMatch(/invalid\s+1/);
    expect(result.stdout).toContain('line 12: destinationCountry:');
    const results = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(results).toHaveLength(300);
    const [{ count }] = await query<{ count: string }>(database.url, 'SELECT count(*) FROM intake.shipments');
    expect(Number(count)).toBe(298);
  });

  it('exits 0 when every row is created', async () => {
    const file = path.join(dir, 'clean.csv');
    fs.writeFileSync(file, csvOf([aCsvRow(), aCsvRow()]));
    const result = await runCli(['import', file, '--url', intake.baseUrl], merchantKey);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/created\s+2/);
  });

  it('explains a refused upload and exits 1', async () => {
    const file = path.join(dir, 'bad-header.csv');
    fs.writeFileSync(file, 'merchantReference,colour\nA,blue\n');
    const result = await runCli(['import', file, '--url', intake.baseUrl], merchantKey);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refused the upload (400)');
    expect(result.stderr).toContain('colour: is not a known column');
  });

  it('refuses to run without credentials, and the server refuses a key without shipments:write', async () => {
    const file = path.join(dir, 'unsigned.csv');
    fs.writeFileSync(file, csvOf([aCsvRow()]));
    const none = await runCli(['import', file, '--url', intake.baseUrl]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('set WAYBILL_API_KEY');

    const scansOnly = await runCli(['import', file, '--url', intake.baseUrl], {
      WAYBILL_API_KEY: await issueApiKey(intake.app, ['scans:write'], 'a carrier feed'),
    });
    expect(scansOnly.code).toBe(1);
    expect(scansOnly.stderr).toContain('refused the upload (403)');
    const [{ count }] = await query<{ count: string }>(database.url, 'SELECT count(*) FROM intake.shipments WHERE merchant_reference = $1', [
      fs.readFileSync(file, 'utf8').split('\n')[1].split(',')[0],
    ]);
    expect(Number(count)).toBe(0);
  });
});
