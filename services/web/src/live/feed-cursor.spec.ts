import { FeedCursor } from './feed-cursor';

const ack = (seq: number, epoch = 'e1', complete = true) => ({ ok: true as const, epoch, seq, replayed: 0, complete });
const items = (...seqs: number[]) => seqs.map((seq) => ({ seq }));

describe('FeedCursor', () => {
  it('asks for nothing to be replayed on the first subscription, and reloads the current state', () => {
    const cursor = new FeedCursor();
    expect(cursor.resumeFrom()).toEqual({});
    expect(cursor.acknowledge(ack(41))).toBe(true);
    expect(cursor.resumeFrom()).toEqual({ lastSeq: 41, epoch: 'e1' });
  });

  it('resumes after the last item it applied and needs no reload when the replay is complete', () => {
    const cursor = new FeedCursor();
    cursor.acknowledge(ack(10));
    cursor.accept(items(11, 12));
    expect(cursor.resumeFrom()).toEqual({ lastSeq: 12, epoch: 'e1' });
    expect(cursor.acknowledge(ack(15))).toBe(false);
  });

  it('drops items it already applied, so a replay overlapping live items adds no duplicate', () => {
    const cursor = new FeedCursor();
    cursor.acknowledge(ack(10));
    expect(cursor.accept(items(11, 12)).map((i) => i.seq)).toEqual([11, 12]);
    expect(cursor.accept(items(12, 13)).map((i) => i.seq)).toEqual([13]);
  });

  it('reloads when the server restarted (new epoch) or could not replay everything', () => {
    const restarted = new FeedCursor();
    restarted.acknowledge(ack(10));
    expect(restarted.acknowledge(ack(3, 'e2'))).toBe(true);
    expect(restarted.resumeFrom()).toEqual({ lastSeq: 3, epoch: 'e2' });

    const behind = new FeedCursor();
    behind.acknowledge(ack(10));
    expect(behind.acknowledge(ack(900, 'e1', false))).toBe(true);
    expect(behind.resumeFrom()).toEqual({ lastSeq: 900, epoch: 'e1' });
  });
});
