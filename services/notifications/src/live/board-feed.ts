import type { Namespace, Socket } from 'socket.io';
import {
  BoardCounters,
  BoardFilters,
  BoardItem,
  ClientToServerEvents,
  ServerToClientEvents,
  SubscribeAck,
} from '@waybill/contracts';
import { histogram } from '@waybill/service-kit';
import { BoardAttributes, matchesFilters, roomFor } from './board-rooms';
import { Logged, ReplayLog } from './replay-log';

/**
 * The service's share of a dispatcher's alert latency: from the alert's `occurredAt` until the
 * flush that carries it has handed it to every subscribed socket. The rest is outside this
 * number. A client that reads slower than the board writes leaves bytes queued in its socket
 * ahead of the alert; the network and the browser take their time too. The board benchmark
 * measures both sides.
 */
const alertWrittenSeconds = histogram(
  'waybill_board_alert_written_seconds',
  'From an SLA alert to the end of the board flush that handed it to every subscribed socket',
  [],
  [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20, 60],
);
const flushSeconds = histogram('waybill_board_flush_seconds', 'How long one board flush took to write to every socket', [], [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2,
]);

type Unsequenced<T> = T extends { seq: number } ? Omit<T, 'seq'> : never;
export type BoardMessage = Unsequenced<BoardItem>;

/**
 * A board message and who sees it: the rooms whose filters match the shipment's attributes, or
 * exactly one room (`to`: a board room, or one socket's own room for its first counters).
 */
export interface BoardEntry {
  message: BoardMessage;
  attributes?: BoardAttributes;
  to?: string;
}

export type BoardNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
export type BoardSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * How long to wait after a flush that took `tookMs` before the next. A flush writes to every
 * subscribed socket (~20-25 µs each: 5,000 clients take ~100 ms), so at a fixed tick a big
 * board would flush back to back and starve the consumer whose events it is sending. The tick
 * stretches instead, so flushing takes at most half the event loop, up to four ticks: a flush
 * that long is carrying more bytes than the clients can take, and waiting longer would only
 * make the next one bigger.
 */
export function nextFlushDelay(flushMs: number, tookMs: number): number {
  return Math.min(Math.max(flushMs - tookMs, tookMs), 4 * flushMs);
}

function toItem(logged: Logged<BoardEntry>): BoardItem {
  return { seq: logged.seq, ...logged.entry.message } as BoardItem;
}

/**
 * The `/board` feed. Messages are queued after their DB commit and, once per tick, numbered,
 * logged and sent as one `board.batch` per occupied room: one encode per room and one write
 * per client per tick however many events came in. Numbering at flush time, on the single JS
 * thread, is what lets a subscribe replay the log and join the room with nothing in between.
 */
export class BoardFeed {
  private readonly log: ReplayLog<BoardEntry>;
  private queue: BoardEntry[] = [];
  private namespace: BoardNamespace | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Board rooms clients have joined, with their filters (emptied rooms are dropped at the next flush). */
  private readonly roomFilters = new Map<string, BoardFilters>();

  constructor(private readonly options: { flushMs: number; capacity: number }) {
    this.log = new ReplayLog(options.capacity);
  }

  attach(namespace: BoardNamespace): void {
    this.namespace = namespace;
    if (!this.timer) this.scheduleFlush(this.options.flushMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.namespace = null;
  }

  private scheduleFlush(delayMs: number): void {
    this.timer = setTimeout(() => {
      const started = performance.now();
      const logged = this.flush();
      const tookMs = performance.now() - started;
      if (logged > 0) flushSeconds.observe(tookMs / 1000);
      if (this.namespace) this.scheduleFlush(nextFlushDelay(this.options.flushMs, tookMs));
    }, delayMs);
    this.timer.unref();
  }

  get epoch(): string {
    return this.log.epoch;
  }

  enqueue(entries: BoardEntry[]): void {
    for (const entry of entries) this.queue.push(entry);
  }

  /**
   * The board rooms that have at least one client, with their filters. Only rooms someone
   * subscribed to are looked at (a handful), not the adapter's room list, which also holds one
   * room per connected socket: that would be per-client work on every tick.
   */
  occupiedRooms(): [string, BoardFilters][] {
    if (!this.namespace) return [];
    const rooms: [string, BoardFilters][] = [];
    for (const [room, filters] of this.roomFilters) {
      if (this.namespace.adapter.rooms.has(room)) rooms.push([room, filters]);
      else this.roomFilters.delete(room);
    }
    return rooms;
  }

  /** Sends what is queued; returns how many items it logged. */
  flush(): number {
    if (this.queue.length === 0) return 0;
    const entries = this.queue;
    this.queue = [];
    const logged = entries.map((entry) => ({ seq: this.log.append(entry), entry }));
    if (!this.namespace) return logged.length;
    const rooms = this.occupiedRooms();
    const targets = new Map<string, BoardItem[]>();
    for (const l of logged) {
      if (l.entry.to === undefined) continue;
      const items = targets.get(l.entry.to) ?? [];
      items.push(toItem(l));
      targets.set(l.entry.to, items);
    }
    for (const [room, filters] of rooms) {
      const items = logged.filter((l) => belongsTo(l.entry, filters)).map(toItem);
      const targeted = targets.get(room);
      targets.delete(room);
      const all = targeted ? [...items, ...targeted].sort((a, b) => a.seq - b.seq) : items;
      if (all.length > 0) this.namespace.to(room).emit('board.batch', all);
    }
    for (const [to, items] of targets) this.namespace.to(to).emit('board.batch', items);
    const writtenAt = Date.now();
    for (const { entry } of logged) {
      if (entry.message.type === 'sla.alert') alertWrittenSeconds.observe((writtenAt - Date.parse(entry.message.data.occurredAt)) / 1000);
    }
    return logged.length;
  }

  /** Each occupied room's counters, as one item per room. */
  enqueueCounters(countersFor: (filters: BoardFilters) => BoardCounters): void {
    for (const [room, filters] of this.occupiedRooms()) {
      this.queue.push({ to: room, message: { type: 'board.counters', data: countersFor(filters) } });
    }
  }

  /** Moves the socket to the room for `filters` and replays what it missed after `lastSeq`. */
  subscribe(socket: BoardSocket, request: { filters?: BoardFilters; lastSeq?: number; epoch?: string }): SubscribeAck {
    const filters = request.filters ?? {};
    const room = roomFor(filters);
    const replay = this.log.since(request.lastSeq, request.epoch, (entry) => belongsTo(entry, filters));
    // Synchronous from here to the join: no flush can slip in between replay and live.
    for (const joined of socket.rooms) if (joined !== socket.id && joined !== room) void socket.leave(joined);
    if (replay.entries.length > 0) socket.emit('board.batch', replay.entries.map(toItem));
    void socket.join(room);
    this.roomFilters.set(room, filters);
    return { ok: true, epoch: this.log.epoch, seq: this.log.seq, replayed: replay.entries.length, complete: replay.complete };
  }
}

function belongsTo(entry: BoardEntry, filters: BoardFilters): boolean {
  if (entry.to !== undefined) return false; // targeted: sent by flush, never replayed
  return entry.attributes ? matchesFilters(filters, entry.attributes) : true;
}
