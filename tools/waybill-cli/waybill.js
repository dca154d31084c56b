#!/usr/bin/env node
// `waybill import <file.csv> [--url http://localhost:3000] [--out results.json]`
// Streams a CSV file to POST /api/v1/shipments/import with a progress bar, then prints what the
// server did with every row. Exit code: 0 all rows created or duplicates, 2 some rows invalid,
// 1 the upload failed.
const fs = require('node:fs');
const path = require('node:path');
const cliProgress = require('cli-progress');

const USAGE = `usage: waybill import <file.csv> [--url <base url>] [--out <results.json>]

  --url   the Waybill server (default: $WAYBILL_URL or http://localhost:3000)
  --out   write every row's result (created ids, tracking numbers and tokens) to this JSON file

  WAYBILL_API_KEY  an integration key with the shipments:write scope (made by an admin), or
  WAYBILL_TOKEN    a staff token of an admin or dispatcher (from POST /api/v1/auth/login)`;

// Credentials come from the environment only: arguments are visible to every user in `ps`.
function credentialHeaders(env) {
  if (env.WAYBILL_API_KEY) return { 'x-api-key': env.WAYBILL_API_KEY };
  if (env.WAYBILL_TOKEN) return { authorization: `Bearer ${env.WAYBILL_TOKEN}` };
  throw new Error('set WAYBILL_API_KEY (an integration key with shipments:write) or WAYBILL_TOKEN (a staff token)');
}

function parseArgs(argv) {
  const [first, ...rest] = argv;
  const command = first === '--help' || first === '-h' ? 'help' : first;
  const options = { command, file: null, url: process.env.WAYBILL_URL || 'http://localhost:3000', out: null };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--url') options.url = rest[++i];
    else if (arg === '--out') options.out = rest[++i];
    else if (arg === '--help' || arg === '-h') options.command = 'help';
    else if (!options.file) options.file = arg;
    else throw new Error(`unexpected argument: ${arg}`);
  }
  return options;
}

async function* readWithProgress(file, bar) {
  let sent = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 })) {
    sent += chunk.length;
    bar.update(Math.round(sent / 1024));
    yield chunk;
  }
}

function printSummary(result, out) {
  const line = (label, value) => out.write(`  ${label.padEnd(10)} ${value}\n`);
  out.write('\nImport summary\n');
  line('rows', result.total);
  line('created', result.created);
  line('duplicate', result.duplicate);
  line('invalid', result.invalid);
  const invalid = result.results.filter((row) => row.status === 'invalid');
  if (invalid.length > 0) {
    out.write('\nInvalid rows\n');
    for (const row of invalid.slice(0, 20)) {
      const reasons = row.errors.map((e) => `${e.field}: ${e.reason}`).join('; ');
      out.write(`  line ${row.line}: ${reasons}\n`);
    }
    if (invalid.length > 20) out.write(`  … and ${invalid.length - 20} more (see --out)\n`);
  }
}

async function importFile(options) {
  if (!options.file) throw new Error('import needs a CSV file');
  const file = path.resolve(options.file);
  const credentials = credentialHeaders(process.env);
  const size = fs.statSync(file).size;
  const bar = new cliProgress.SingleBar(
    { format: 'Uploading |{bar}| {percentage}% | {value}/{total} KiB', hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(1, Math.round(size / 1024)), 0);
  let response;
  try {
    response = await fetch(`${options.url.replace(/\/$/, '')}/api/v1/shipments/import`, {
      method: 'POST',
      headers: { ...credentials, 'content-type': 'text/csv' },
      body: readWithProgress(file, bar),
      duplex: 'half',
    });
  } finally {
    bar.stop();
  }
  process.stderr.write('Uploaded; the server has committed the rows it answers for.\n');
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { message: text };
  }
  if (response.status !== 200) {
    const details = (body.errors || []).map((e) => `\n  ${e.field}: ${e.reason}`).join('');
    throw new Error(`the server refused the upload (${response.status}): ${body.message || ''}${details}`);
  }
  if (options.out) fs.writeFileSync(options.out, JSON.stringify(body.results, null, 2));
  printSummary(body, process.stdout);
  return body.invalid > 0 ? 2 : 0;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.command === 'import') return importFile(options);
  process.stdout.write(`${USAGE}\n`);
  return options.command === 'help' || options.command === undefined ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`waybill: ${error.message}\n`);
    process.exit(1);
  },
);
