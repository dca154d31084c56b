import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { BoardItem, SocketNamespaces } from '@waybill/contracts';
import { StaffTokens, staffSocketGuard } from '@waybill/access';
import { eventually } from '../../support/eventually';
import { reportTokenRenewed, setAuthTokenProvider } from '../../../services/web/src/api/auth';
import { ConnectionState, connectBoard, LiveConnection } from '../../../services/web/src/live/live-connection';

jest.setTimeout(30_000);

const SECRET = 'board-renewal-suite-secret-0123456789abcdef';
const dispatcher = { id: '6c1d9a4e-8f2b-4e0a-9c7d-2b5e1f3a4d6c', email: 'dee@waybill.example', role: 'dispatcher' as const };

/**
 * The staff pages' board connection (services/web) against a real Socket.IO server guarded as
 * /board is. When the page renews its sign-in it hands the socket the new token, and the socket
 * lives on; if the server drops it anyway (the token it opened with ended), the page reconnects
 * with the new token and resumes.
 */
describe('web: the board socket outlives the token it opened with', () => {
  const tokens = new StaffTokens(SECRET, 3_600);
  let io: Server;
  let baseUrl: string;
  let connection: LiveConnection | undefined;
  const handshakeTokens: string[] = [];
  const subscriptions: Array<{ lastSeq?: number }> = [];

  beforeAll(async () => {
    const http = createServer();
    io = new Server(http);
    const board = io.of(SocketNamespaces.board);
    board.use((socket, next) => {
      handshakeTokens.push(String((socket.handshake.auth as { token?: unknown }).token));
      next();
    });
    board.use(staffSocketGuard(tokens));
    board.on('connection', (socket) => {
      socket.on('board.subscribe', (request: { lastSeq?: number }, ack: (answer: unknown) => void) => {
        subscriptions.push(request);
        ack({ ok: true, epoch: 'e1', seq: subscriptions.length === 1 ? 6 : 7, replayed: 0, complete: true });
        const item: BoardItem = { seq: 7, type: 'board.counters', data: { filters: {}, active: 1, outForDelivery: 0, atRisk: 0, breachedToday: 0, onTimeRateToday: null, asOf: new Date().toISOString() } };
        if (subscriptions.length === 1) socket.emit('board.batch', [item]);
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    connection?.close();
    handshakeTokens.length = 0;
    subscriptions.length = 0;
  });

  afterAll(async () => {
    await new Promise((resolve) => io.close(resolve));
  });

  it('hands the renewed token to the open socket, which is not dropped at the old token\'s end', async () => {
    // Ends in 3-4 s: time to connect and renew first, even on a busy machine.
    const shortLived = await new StaffTokens(SECRET, 4).issue(dispatcher);
    let current = shortLived.accessToken;
    setAuthTokenProvider(() => current);
    const states: ConnectionState[] = [];
    connection = connectBoard(baseUrl, {}, { onItems: () => undefined, onResync: () => undefined, onState: (state) => states.push(state) });
    await eventually(() => expect(states).toContain('live'), 10_000, 20); // the first subscription

    current = (await tokens.issue(dispatcher)).accessToken;
    reportTokenRenewed(current); // as RequireStaff does after POST /auth/renew
    await new Promise((resolve) => setTimeout(resolve, 4_500)); // past the old token's end
    expect(states.slice(states.indexOf('live'))).toEqual(['live']);
    expect(handshakeTokens).toEqual([shortLived.accessToken]);
    expect(subscriptions).toHaveLength(1);
  });

  it('reconnects with the renewed token when the server drops it at the old one\'s end, and resumes after the last item', async () => {
    // Signed in with a token that ends in about two seconds.
    const shortLived = await new StaffTokens(SECRET, 2).issue(dispatcher);
    let current = shortLived.accessToken;
    setAuthTokenProvider(() => current);
    const states: ConnectionState[] = [];
    const received: BoardItem[] = [];
    connection = connectBoard(baseUrl, {}, {
      onItems: (items) => received.push(...items),
      onResync: () => undefined,
      onState: (state) => states.push(state),
    });
    await eventually(() => {
      expect(states).toContain('live');
      expect(received).toHaveLength(1);
    }, 10_000, 20); // the first subscription

    // The page renews its token, but the socket does not hear of it (say it was away then).
    const renewed = (await tokens.issue(dispatcher)).accessToken;
    current = renewed;

    // The socket comes back after the server dropped it.
    await eventually(() => expect(subscriptions).toHaveLength(2), 8_000, 20);
    expect(handshakeTokens).toEqual([shortLived.accessToken, renewed]);
    expect(subscriptions[1]).toMatchObject({ lastSeq: 7 });
    expect(states.slice(states.indexOf('live'))).toEqual(['live', 'reconnecting', 'live']);
  });
});
