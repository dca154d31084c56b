import * as fs from 'node:fs';
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

/**
 * How fast this machine runs right now, in ms (lower is faster): a fixed piece of work like a
 * service's (JSON out and back in for 20,000 scan-sized objects, four 16 MB buffer copies), the
 * second fastest of five rounds so that a GC pause does not count. The benchmark VM's speed
 * drifts by a third or more from one minute to the next (its host takes cycles and memory
 * bandwidth), so a rate is only comparable with rates taken at a similar reference time.
 */
export function machineReferenceMs(): number {
  const objects = Array.from({ length: 20_000 }, (_, i) => ({
    carrierEventId: `evt-${i}`,
    trackingNumber: `WB${1_000_000 + i}`,
    status: 'in_transit',
    occurredAt: new Date(1_764_000_000_000 + i).toISOString(),
    location: { facility: `HUB-${i % 97}`, city: 'Berlin', country: 'DE' },
  }));
  const source = Buffer.alloc(16 * 2 ** 20, 1);
  const target = Buffer.alloc(source.length);
  const times: number[] = [];
  let sink = 0;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    sink += (JSON.parse(JSON.stringify(objects)) as unknown[]).length;
    for (let i = 0; i < 4; i++) sink += source.copy(target);
    times.push(performance.now() - started);
  }
  if (sink === 42) times.push(0); // keeps the work from being optimised away
  return times.sort((a, b) => a - b)[1];
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

/** Runs a benchmark's `main` and exits: 0 once it has finished, 1 (printing the error) if it threw. */
export function runBenchmark(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
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

/** CPU seconds (user + system) each running process has used, from /proc (Linux counts 1/100 s). */
function cpuSecondsByPid(): Map<number, number> {
  const usage = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      usage.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the process ended while we looked
    }
  }
  return usage;
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * CPU used by each kind of process from this call until `stop()`: on two shared cores, what a
 * benchmark's throughput costs per item, and who pays, says more than its rate alone. `kinds`
 * names a process by its pid and command line; unnamed processes count as `other`. A process
 * started in between counts from zero; one that ended in between is missed.
 */
export function trackCpuByKind(kinds: (pid: number, command: string) => string | undefined): { stop(): Record<string, number> } {
  const before = cpuSecondsByPid();
  return {
    stop() {
      const used: Record<string, number> = {};
      for (const [pid, seconds] of cpuSecondsByPid()) {
        const kind = kinds(pid, commandOf(pid)) ?? 'other';
        used[kind] = (used[kind] ?? 0) + seconds - (before.get(pid) ?? 0);
      }
      return used;
    },
  };
}
