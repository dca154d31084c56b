import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** services/web, from this file (services/standalone/src/web). */
export const WEB_ROOT = path.resolve(__dirname, '../../../web');

/** What goes into the app: a change to any of these means a new build. Tests are left out. */
const SOURCES = ['index.html', 'vite.config.mjs', 'build.mjs', 'src'];
const isSource = (file: string) => !/\.spec\.tsx?$/.test(file);

async function listFiles(entry: string): Promise<string[]> {
  const stat = await fs.stat(entry).catch(() => null);
  if (!stat) return [];
  if (!stat.isDirectory()) return [entry];
  const names = (await fs.readdir(entry)).sort();
  return (await Promise.all(names.map((name) => listFiles(path.join(entry, name))))).flat();
}

/** A hash of the web app's sources and of the vite that builds them: names the build output. */
export async function sourceHash(webRoot = WEB_ROOT): Promise<string> {
  const hash = createHash('sha256');
  const files = (await Promise.all(SOURCES.map((source) => listFiles(path.join(webRoot, source))))).flat().filter(isSource);
  for (const file of files) {
    hash.update(path.relative(webRoot, file)).update('\0').update(await fs.readFile(file)).update('\0');
  }
  try {
    hash.update(JSON.parse(await fs.readFile(require.resolve('vite/package.json'), 'utf8')).version);
  } catch {
    // vite not installed: the build will say so
  }
  return hash.digest('hex').slice(0, 16);
}

async function writable(dir: string): Promise<boolean> {
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.access(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function runBuild(webRoot: string, outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(webRoot, 'build.mjs'), '--out', outDir], {
      cwd: webRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (exit ${code}):\n${output.slice(-4000)}`))));
  });
}

/** Keeps the newest few builds (another process may still serve one), removes the rest. */
async function pruneOldBuilds(outRoot: string, keep: string): Promise<void> {
  const entries = await fs.readdir(outRoot, { withFileTypes: true }).catch(() => []);
  const builds = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && /^[0-9a-f]{16}$/.test(entry.name) && entry.name !== keep)
      .map(async (entry) => ({ dir: path.join(outRoot, entry.name), mtime: (await fs.stat(path.join(outRoot, entry.name))).mtimeMs })),
  );
  builds.sort((a, b) => b.mtime - a.mtime);
  for (const old of builds.slice(2)) await fs.rm(old.dir, { recursive: true, force: true });
}

export interface WebBuild {
  dir: string;
  hash: string;
  built: boolean;
  ms: number;
}

/**
 * The directory holding the built web app for the current sources: found at once when it
 * exists (a warm start costs one hash of the sources), built with vite otherwise. Builds are
 * content-addressed and land by an atomic rename, so processes starting together cannot serve
 * a half-written build or overwrite each other's.
 */
export async function ensureWebBuild(options: { webRoot?: string; outRoot?: string } = {}): Promise<WebBuild> {
  const started = Date.now();
  const webRoot = options.webRoot ?? WEB_ROOT;
  const preferred = options.outRoot ?? path.join(webRoot, 'dist');
  const outRoot = (await writable(preferred)) ? preferred : path.join(os.tmpdir(), 'waybill-web');
  const hash = await sourceHash(webRoot);
  for (const root of new Set([preferred, outRoot])) {
    const dir = path.join(root, hash);
    if (await fs.stat(path.join(dir, 'index.html')).catch(() => null)) return { dir, hash, built: false, ms: Date.now() - started };
  }
  await fs.mkdir(outRoot, { recursive: true });
  const dir = path.join(outRoot, hash);
  const temporary = path.join(outRoot, `.building-${hash}-${process.pid}-${Date.now()}`);
  try {
    await runBuild(webRoot, temporary);
    await fs.rename(temporary, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished the same build first: theirs is identical.
      if (!['ENOTEMPTY', 'EEXIST'].includes(error.code ?? '')) throw error;
    });
  } finally {
    await fs.rm(temporary, { recursive: true, force: true });
  }
  await pruneOldBuilds(outRoot, hash);
  return { dir, hash, built: true, ms: Date.now() - started };
}
