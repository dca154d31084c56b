// Makes sure schemathesis (a Python tool, from PyPI) is installed in a virtualenv of its own,
// cached per pinned version under ~/.cache/waybill, and answers the path of its executable.
// `npm test` calls it while Kafka starts; the schemathesis test calls it if run on its own.
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REQUIREMENTS = path.join(__dirname, 'requirements.txt');

function cacheDir() {
  const pinned = crypto.createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).digest('hex').slice(0, 12);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'waybill', `schemathesis-${pinned}`);
}

const run = promisify(execFile);

/** The schemathesis executable, installing it first if this pinned version is not there yet. */
async function ensureSchemathesis(log = () => {}) {
  const venv = cacheDir();
  const bin = path.join(venv, 'bin', 'schemathesis');
  if (fs.existsSync(path.join(venv, '.complete'))) return bin;
  const python = process.env.PYTHON || 'python3';
  log(`installing schemathesis into ${venv} (once per pinned version)`);
  fs.rmSync(venv, { recursive: true, force: true });
  // Asynchronous: the test runner starts Kafka and Postgres meanwhile.
  await run(python, ['-m', 'venv', venv]);
  await run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS], {
    maxBuffer: 16 * 1024 * 1024,
  });
  // Written last: an interrupted install is redone, not half-used.
  fs.writeFileSync(path.join(venv, '.complete'), new Date().toISOString());
  return bin;
}

module.exports = { ensureSchemathesis };

if (require.main === module) {
  ensureSchemathesis((line) => console.error(`[schemathesis] ${line}`)).then(
    (bin) => console.log(bin),
    (error) => {
      console.error(`[schemathesis] install failed: ${error.message}`);
      process.exit(1);
    },
  );
}
