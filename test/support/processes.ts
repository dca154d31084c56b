import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { eventually } from './eventually';

export const ROOT = path.resolve(__dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs a TypeScript entry point the way `npm start` does, in its own process. */
export function runTs(entry: string, env: Record<string, string | undefined>, args: string[] = []): RunningProcess {
  // A variable given as undefined is removed, so a test can show what happens when it is not set.
  const childEnv = Object.fromEntries(
    Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined),
  );
  // A benchmark's node flags (BENCH_NODE_ARGS, e.g. --cpu-prof) reach the services it starts too.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'tools/run-ts.js'), entry, ...args], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Starts an HTTP service and waits until `/health/ready` answers 200. */
export async function startHttpService(
  entry: string,
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<RunningProcess & { baseUrl: string }> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const service = runTs(entry, { ...env, PORT: String(port) });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await eventually(async () => {
      if (service.child.exitCode !== null) throw new Error(`exited early:\n${service.output()}`);
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.status !== 200) throw new Error(`not ready: ${response.status} ${await response.text()}`);
    }, timeoutMs, 250);
  } catch (error) {
    await service.stop('SIGKILL');
    throw new Error(`${entry} did not become ready: ${(error as Error).message}\n${service.output().slice(-3000)}`);
  }
  return { ...service, baseUrl };
}
