import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { demoCredentialsIn } from '@waybill/access';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The SLA clock of the demo: minutes instead of hours, so a parcel promised a minute from now
 * is late at the promise and breached ten seconds later. Any of these set in the environment wins.
 */
export const DEMO_SLA_ENV = {
  SLA_BREACH_GRACE_SECONDS: '10',
  SLA_OUT_FOR_DELIVERY_LEAD_MINUTES: '0',
  SLA_NO_SCAN_AFTER_MINUTES: '1',
};

export interface PlatformProcess {
  baseUrl: string;
  /** The demo admin account the platform printed at start (its password changes every start). */
  admin(): Promise<{ email: string; password: string }>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts the standalone platform exactly as `npm start` does, and waits until it is ready. */
export async function runPlatform(options: { dataDir: string; log: (line: string) => void }): Promise<PlatformProcess> {
  const port = Number(process.env.PORT ?? 3000);
  const baseUrl = `http://localhost:${port}`;
  options.log(`starting the platform on ${baseUrl} (data in ${path.relative(ROOT, options.dataDir) || options.dataDir})…`);
  const child = spawn(process.execPath, [path.join(ROOT, 'tools/run-ts.js'), 'services/standalone/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...DEMO_SLA_ENV,
      LOG_LEVEL: 'warn',
      PUBLIC_BASE_URL: baseUrl,
      ...process.env,
      WAYBILL_DATA_DIR: options.dataDir,
      PORT: String(port),
    },
    // stdout is passed through, and read for the demo accounts the platform prints.
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the platform exited during start (code ${child.exitCode})`);
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the platform did not become ready within 2 minutes');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return {
    baseUrl,
    exited,
    async admin() {
      // Printed just after the platform starts listening: wait a little for the lines.
      for (const waitUntil = Date.now() + 30_000; Date.now() < waitUntil; await new Promise((r) => setTimeout(r, 200))) {
        const admin = demoCredentialsIn(output).find((account) => account.role === 'admin');
        if (admin) return { email: admin.email, password: admin.password };
      }
      throw new Error('the platform printed no demo admin account');
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
