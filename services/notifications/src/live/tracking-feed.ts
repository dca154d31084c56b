import type { Namespace, Socket } from 'socket.io';
import { ClientToServerEvents, ServerToClientEvents, SubscribeAck, TrackingUpdate } from '@waybill/contracts';
import { ReplayLog } from './replay-log';

export type TrackingNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
export type TrackingSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export const parcelRoom = (trackingNumber: string) => `parcel:${trackingNumber}`;

/**
 * The `/tracking` feed: one small log per parcel someone has followed (its own numbering),
 * the least recently followed dropped past `maxParcels`. Updates go out at once: one parcel
 * has few watchers.
 */
export class TrackingFeed {
  private readonly logs = new Map<string, ReplayLog<TrackingUpdate>>();
  private namespace: TrackingNamespace | null = null;

  constructor(private readonly options: { perParcel: number; maxParcels: number }) {}

  attach(namespace: TrackingNamespace): void {
    this.namespace = namespace;
  }

  stop(): void {
    this.namespace = null;
  }

  publish(update: TrackingUpdate): void {
    const log = this.logs.get(update.trackingNumber);
    if (!log) return; // nobody ever followed this parcel here
    const seq = log.append(update);
    this.namespace?.to(parcelRoom(update.trackingNumber)).emit('tracking.batch', [{ seq, type: 'tracking.update', data: update }]);
  }

  /** Call only with a tracking number whose token was checked. */
  subscribe(socket: TrackingSocket, trackingNumber: string, lastSeq?: number, epoch?: string): SubscribeAck {
    let log = this.logs.get(trackingNumber);
    if (log) {
      this.logs.delete(trackingNumber);
    } else {
      log = new ReplayLog<TrackingUpdate>(this.options.perParcel);
      if (this.logs.size >= this.options.maxParcels) this.logs.delete(this.logs.keys().next().value!);
    }
    this.logs.set(trackingNumber, log);
    const replay = log.since(lastSeq, epoch);
    if (replay.entries.length > 0) {
      socket.emit(
        'tracking.batch',
        replay.entries.map((e) => ({ seq: e.seq, type: 'tracking.update' as const, data: e.entry })),
      );
    }
    void socket.join(parcelRoom(trackingNumber));
    return { ok: true, epoch: log.epoch, seq: log.seq, replayed: replay.entries.length, complete: replay.complete };
  }
}
