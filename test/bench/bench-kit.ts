import { randomUUID } from 'node:crypto';
import { createDemoIntegrationKey } from '../../tools/demo/demo-credentials';
import { runTs } from '../support/processes';

/** Small helpers every benchmark uses: percentiles, peak memory, a results table. */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)];
}

export function latencySummary(samplesMs: number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1]) };
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Samples RSS every 50 ms; `stop()` returns the peak in MiB. */
export function trackPeakMemory(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    stop() {
      clearInterval(timer);
      return round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20);
    },
  };
}

/** Prints one benchmark's results as Markdown rows: | benchmark | metric | value |. */
export function report(benchmark: string, results: Record<string, number | string>): void {
  console.log(`\n### ${benchmark}\n| metric | value |\n| --- | --- |`);
  for (const [metric, value] of Object.entries(results)) console.log(`| ${metric} | ${value} |`);
}

/**
 * An integration key (shipments:write, scans:write) for a benchmark's load generator, made the
 * way a deployment makes one: the admin CLI creates an admin, who signs in and creates the key.
 */
export async function benchIntegrationKey(baseUrl: string, databaseUrl: string): Promise<Record<string, string>> {
  const admin = { email: `bench-admin-${randomUUID().slice(0, 8)}@waybill.example`, password: `bench-${randomUUID()}` };
  const cli = runTs('tools/waybill-admin/create-user.ts', { DATABASE_URL: databaseUrl, WAYBILL_PASSWORD: admin.password }, [
    '--email',
    admin.email,
    '--role',
    'admin',
  ]);
  if ((await cli.exited) !== 0) throw new Error(`create-user failed:\n${cli.output()}`);
  return createDemoIntegrationKey(baseUrl, admin);
}
