import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * Runs callbacks once the transaction a handler ran in has committed, and never if it rolled
 * back: live pushes and the dispatcher's wake-up must not announce what the database lost.
 */
export class AfterCommit {
  private readonly pending = new WeakMap<QueryRunner, (() => void)[]>();

  constructor(dataSource: DataSource) {
    dataSource.subscribers.push({
      afterTransactionCommit: (event) => this.settle(event.queryRunner, true),
      afterTransactionRollback: (event) => this.settle(event.queryRunner, false),
    });
  }

  /** Queues `callback` for after the commit of `manager`'s transaction (now, outside one). */
  add(manager: EntityManager, callback: () => void): void {
    const runner = manager.queryRunner;
    if (!runner || !runner.isTransactionActive) {
      callback();
      return;
    }
    const list = this.pending.get(runner) ?? [];
    list.push(callback);
    this.pending.set(runner, list);
  }

  private settle(runner: QueryRunner, committed: boolean): void {
    const list = this.pending.get(runner);
    if (!list) return;
    this.pending.delete(runner);
    if (!committed) return;
    for (const callback of list) callback();
  }
}
