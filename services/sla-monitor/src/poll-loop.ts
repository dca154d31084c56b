import { Logger } from '@nestjs/common';

export interface PollLoopOptions {
  /** One round of work; true when more is waiting, so the next round starts at once. */
  tick: () => Promise<boolean>;
  intervalMs: number;
  logger: Logger;
  /** What failed, for the log line: a failed round is retried after the interval. */
  what: string;
}

/**
 * The background loop of sla-monitor's pollers (deadlines, summary rollup): rounds one after
 * the other, never overlapping, with a pause between them that `stop` cuts short so a shutdown
 * waits only for the round in progress.
 */
export class PollLoop {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly options: PollLoopOptions) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Resolves once the round in progress, if any, has finished. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let again = false;
      try {
        again = await this.options.tick();
      } catch (error) {
        this.options.logger.error(`${this.options.what} failed, retrying: ${error}`);
      }
      if (!again && this.running) await this.sleep(this.options.intervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
