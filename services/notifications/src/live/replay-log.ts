import { randomUUID } from 'node:crypto';

export interface Logged<E> {
  seq: number;
  entry: E;
}

export interface Replay<E> {
  entries: Logged<E>[];
  /** False when entries after `lastSeq` were already dropped, or the epoch is not this log's. */
  complete: boolean;
}

/**
 * The last `capacity` messages of a feed, numbered 1, 2, 3…, so a client that reconnects with
 * the last number it saw gets exactly what came after: no gap, no duplicate. In memory: one
 * log per process; `epoch` changes at every start so old numbers are never mistaken for new.
 */
export class ReplayLog<E> {
  readonly epoch = randomUUID().slice(0, 8);
  private readonly ring: (Logged<E> | undefined)[];
  private last = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array(capacity);
  }

  get seq(): number {
    return this.last;
  }

  /** The oldest number still held (last + 1 when empty). */
  get oldest(): number {
    return Math.max(1, this.last - this.capacity + 1);
  }

  append(entry: E): number {
    const seq = ++this.last;
    this.ring[seq % this.capacity] = { seq, entry };
    return seq;
  }

  since(lastSeq: number | undefined, epoch: string | undefined, match: (entry: E) => boolean = () => true): Replay<E> {
    if (lastSeq === undefined) return { entries: [], complete: true };
    if (epoch !== undefined && epoch !== this.epoch) return { entries: [], complete: false };
    if (!Number.isInteger(lastSeq) || lastSeq < 0 || lastSeq > this.last) return { entries: [], complete: false };
    const from = Math.max(lastSeq + 1, this.oldest);
    const entries: Logged<E>[] = [];
    for (let seq = from; seq <= this.last; seq++) {
      const logged = this.ring[seq % this.capacity]!;
      if (match(logged.entry)) entries.push(logged);
    }
    return { entries, complete: lastSeq + 1 >= this.oldest };
  }
}
