import { io, Socket } from 'socket.io-client';
import {
  BoardItem,
  BoardSubscribeRequest,
  ClientToServerEvents,
  ServerToClientEvents,
  SocketNamespaces,
  SubscribeAck,
  TrackingItem,
  TrackingSubscribeRequest,
} from '@waybill/contracts';
import { ApiTarget } from '../../../support/http';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A `/board` client as a dashboard would write it: remembers the last seq and resumes from it. */
export class BoardClient {
  readonly items: BoardItem[] = [];
  lastSeq: number | undefined;
  epoch: string | undefined;
  private socket: ClientSocket | null = null;

  /** `api`: where, and whose staff token the handshake carries (`/board` is for staff only). */
  constructor(private readonly api: ApiTarget, private readonly filters: BoardSubscribeRequest['filters'] = {}) {}

  async connect(): Promise<SubscribeAck> {
    const token = this.api.credentials.authorization?.replace(/^Bearer /, '');
    const socket: ClientSocket = io(`${this.api.baseUrl}${SocketNamespaces.board}`, {
      auth: token ? { token } : {},
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    this.socket = socket;
    socket.on('board.batch', (items) => {
      for (const item of items) {
        if (this.lastSeq !== undefined && item.seq <= this.lastSeq) continue;
        this.items.push(item);
        this.lastSeq = item.seq;
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const ack = await socket.emitWithAck('board.subscribe', { filters: this.filters, lastSeq: this.lastSeq, epoch: this.epoch });
    if (ack.ok) {
      this.epoch = ack.epoch;
      this.lastSeq = Math.max(this.lastSeq ?? 0, ack.seq);
    }
    return ack;
  }

  disconnect(): void {
    this.socket?.disconnect();
    this.socket = null;
  }

  alerts(shipmentId?: string) {
    return this.items.flatMap((item) =>
      item.type === 'sla.alert' && (!shipmentId || item.data.shipmentId === shipmentId) ? [item] : [],
    );
  }
}

export async function trackingClient(baseUrl: string, request: TrackingSubscribeRequest) {
  const socket: ClientSocket = io(`${baseUrl}${SocketNamespaces.tracking}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  const items: TrackingItem[] = [];
  socket.on('tracking.batch', (batch) => items.push(...batch));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = await socket.emitWithAck('tracking.subscribe', request);
  return { socket, items, ack };
}
