import type { SubscribeAck } from '@waybill/contracts';

/**
 * What a live client remembers to resume without gap or duplicate: the server feed's epoch and
 * the last sequence number it applied. Pure, so the resume rules are testable without a socket.
 */
export class FeedCursor {
  epoch: string | undefined;
  lastSeq: number | undefined;

  /** The resume part of a subscribe request. */
  resumeFrom(): { lastSeq?: number; epoch?: string } {
    return this.lastSeq === undefined ? {} : { lastSeq: this.lastSeq, epoch: this.epoch };
  }

  /**
   * Takes the server's answer; true when the client must reload the current state over REST
   * (first subscription, or the server could not replay everything it missed).
   */
  acknowledge(ack: Extract<SubscribeAck, { ok: true }>): boolean {
    const fresh = this.lastSeq === undefined || this.epoch !== ack.epoch || !ack.complete;
    this.epoch = ack.epoch;
    if (fresh) this.lastSeq = ack.seq;
    return fresh;
  }

  /** Keeps the items not seen yet, in order, and remembers the last one. */
  accept<I extends { seq: number }>(items: readonly I[]): I[] {
    const fresh = items.filter((item) => this.lastSeq === undefined || item.seq > this.lastSeq);
    if (fresh.length > 0) this.lastSeq = fresh[fresh.length - 1].seq;
    return fresh;
  }

  /** Forgets the position (e.g. new filters: a different feed). */
  reset(): void {
    this.lastSeq = undefined;
    this.epoch = undefined;
  }
}
