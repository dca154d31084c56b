import { randomUUID } from 'node:crypto';
import { brokers } from '../../support/kafka';
import { createDatabase } from '../../support/postgres';
import { eventually } from '../../support/eventually';
import { RunningProcess, startHttpService } from '../../support/processes';
import { firedCounts, insertDueDeadlines } from './sla-test-kit';

jest.setTimeout(150_000);

const ENTRY = 'services/sla-monitor/src/main.ts';

function serviceEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers().join(','),
    LOG_LEVEL: 'warn',
    OUTBOX_POLL_MS: '100',
    SLA_POLL_MS: '50',
    // Small batches make firing take long enough to be interrupted in the middle.
    SLA_POLL_BATCH: '20',
    SLA_BREACH_GRACE_SECONDS: '3600',
    // Topics and consumer groups of our own on the shared broker: these processes never take
    // partitions from other suites' services.
    KAFKA_NAMESPACE: `durability-${randomUUID().slice(0, 8)}`,
  };
}

async function firedByThisProcess(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const match = /^waybill_sla_deadlines_fired_total (\d+)/m.exec(text);
  return match ? Number(match[1]) : 0;
}

/** services/sla-monitor/src/main.ts as real processes on real PostgreSQL (and Kafka for its bus). */
describe('durable deadlines', () => {
  const started: RunningProcess[] = [];
  const databases: { drop(): Promise<void> }[] = [];

  afterAll(async () => {
    await Promise.all(started.map((service) => service.stop('SIGKILL')));
    await Promise.all(databases.map((database) => database.drop()));
  });

  async function start(env: Record<string, string>) {
    const service = await startHttpService(ENTRY, env);
    started.push(service);
    return service;
  }

  it('fires every deadline exactly once across a SIGKILL in the middle of firing, including those due while it was down', async () => {
    const database = await createDatabase('sla_kill');
    databases.push(database);
    const env = serviceEnv(database.url);
    const first = await start(env);

    const firing = await insertDueDeadlines(database.url, 3000, new Date(Date.now() + 300), 3000);
    await eventually(async () => expect((await firedCounts(database.url, firing, 'sla.late')).events).toBeGreaterThan(300), 20_000, 20);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await firedCounts(database.url, firing, 'sla.late');
    expect(atKill.events).toBeLessThan(3000); // it really died in the middle of firing

    const dueWhileDown = await insertDueDeadlines(database.url, 500, new Date(Date.now() - 60_000), 1000);
    await start(env);

    const all = [...firing, ...dueWhileDown];
    const fired = await eventually(async () => {
      const counts = await firedCounts(database.url, all, 'sla.late');
      expect(counts.shipments).toBe(all.length);
      return counts;
    }, 30_000, 200);
    expect(fired).toEqual({ events: all.length, shipments: all.length, duplicated: 0 });
  });

  it('never fires one deadline twice with two instances running at once', async () => {
    const database = await createDatabase('sla_two');
    databases.push(database);
    const env = serviceEnv(database.url);
    // The first start migrates the schema; the second then starts next to it.
    const one = await start(env);
    const two = await start(env);

    const deadlines = await insertDueDeadlines(database.url, 3000, new Date(Date.now() + 300), 2000);
    await eventually(async () => {
      expect((await firedCounts(database.url, deadlines, 'sla.late')).shipments).toBe(deadlines.length);
    }, 30_000, 200);
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for a late duplicate to show up

    expect(await firedCounts(database.url, deadlines, 'sla.late')).toEqual({
      events: deadlines.length,
      shipments: deadlines.length,
      duplicated: 0,
    });
    const byInstance = [await firedByThisProcess(one.baseUrl), await firedByThisProcess(two.baseUrl)];
    expect(byInstance.every((count) => count > 0)).toBe(true); // both really took part
    expect(byInstance[0] + byInstance[1]).toBe(deadlines.length);
  });
});
