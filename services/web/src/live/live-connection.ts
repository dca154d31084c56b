import { io, type Socket } from 'socket.io-client';
import type {
  BoardFilters,
  BoardItem,
  ClientToServerEvents,
  ServerToClientEvents,
  SubscribeAck,
  TrackingItem,
} from '@waybill/contracts';
import { currentAuthToken, onTokenRenewed } from '../api/auth';
import { FeedCursor } from './feed-cursor';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveHandlers<I> {
  /** New items, in order, each seen once. */
  onItems(items: I[]): void;
  /** Reload the current state over REST: first subscription, or a gap the server could not fill. */
  onResync(): void;
  onState(state: ConnectionState): void;
  onError?(message: string): void;
}

export interface LiveConnection {
  close(): void;
}

interface Feed<I> {
  namespace: '/board' | '/tracking';
  /** A staff feed: its socket runs on the staff token and takes the renewed one (`auth.renew`). */
  staff?: boolean;
  subscribe(socket: LiveSocket, resume: { lastSeq?: number; epoch?: string }, ack: (answer: SubscribeAck) => void): void;
  listen(socket: LiveSocket, receive: (items: I[]) => void): void;
}

/**
 * One Socket.IO feed with resume: on every (re)connect it subscribes again with the last
 * sequence number it applied, so items missed while away arrive once, in order.
 */
function connect<I extends { seq: number }>(feed: Feed<I>, baseUrl: string, handlers: LiveHandlers<I>): LiveConnection {
  const cursor = new FeedCursor();
  const socket: LiveSocket = io(`${baseUrl}${feed.namespace}`, {
    // The staff credential travels in the handshake; the customer's token in the subscribe.
    auth: (send) => void currentAuthToken().then((token) => send(token ? { token } : {})),
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
  let everConnected = false;
  handlers.onState('connecting');

  feed.listen(socket, (items) => {
    const fresh = cursor.accept(items);
    if (fresh.length > 0) handlers.onItems(fresh);
  });
  socket.on('connect', () => {
    everConnected = true;
    feed.subscribe(socket, cursor.resumeFrom(), (answer) => {
      if (!answer.ok) {
        handlers.onError?.(answer.error);
        handlers.onState('offline');
        return;
      }
      if (cursor.acknowledge(answer)) handlers.onResync();
      handlers.onState('live');
    });
  });
  // Hand the socket each renewed token, so the server does not drop it when the token it
  // opened with ends. If this fails (say, the socket was away), the drop and the reconnect
  // below cover it.
  const stopRenewals = feed.staff
    ? onTokenRenewed((token) => {
        if (socket.connected) socket.emit('auth.renew', { token }, () => undefined);
      })
    : () => undefined;
  socket.on('disconnect', (reason) => {
    handlers.onState(everConnected ? 'reconnecting' : 'connecting');
    // The server drops a staff socket when the token it opened with ends (`auth.expired`); the
    // pages renewed the token meanwhile, so reconnect at once with the new one and resume.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', () => handlers.onState(everConnected ? 'reconnecting' : 'offline'));
  return {
    close: () => {
      stopRenewals();
      socket.close();
    },
  };
}

export function connectBoard(baseUrl: string, filters: BoardFilters, handlers: LiveHandlers<BoardItem>): LiveConnection {
  return connect<BoardItem>(
    {
      namespace: '/board',
      staff: true,
      subscribe: (socket, resume, ack) => socket.emit('board.subscribe', { filters, ...resume }, ack),
      listen: (socket, receive) => socket.on('board.batch', receive),
    },
    baseUrl,
    handlers,
  );
}

export function connectTracking(
  baseUrl: string,
  parcel: { trackingNumber: string; token: string },
  handlers: LiveHandlers<TrackingItem>,
): LiveConnection {
  return connect<TrackingItem>(
    {
      namespace: '/tracking',
      subscribe: (socket, resume, ack) => socket.emit('tracking.subscribe', { ...parcel, ...resume }, ack),
      listen: (socket, receive) => socket.on('tracking.batch', receive),
    },
    baseUrl,
    handlers,
  );
}
