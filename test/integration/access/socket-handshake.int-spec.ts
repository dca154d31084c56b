import { io, Socket } from 'socket.io-client';
import { trackingTokenFor } from '@waybill/service-kit';
import { createDatabase } from '../../support/postgres';
import { issueStaffToken, StaffTokens, StaffUsersService } from '../../../libs/access/src';
import { AccessApp, JWT_SECRET, login, startAccessApp, TRACKING_SECRET } from './access-test-app';

jest.setTimeout(60_000);

const PARCEL = 'WB7Q2M4N8P0R5S6T1V3W';

/** Real Socket.IO clients against the handshake checks notifications' gateways will use. */
describe('access: Socket.IO handshakes', () => {
  let database: { url: string; drop(): Promise<void> };
  let access: AccessApp;
  let dispatcherToken: string;
  const sockets: Socket[] = [];

  function connect(namespace: string, auth: Record<string, unknown>): Socket {
    const socket = io(access.baseUrl + namespace, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return socket;
  }

  function outcome(socket: Socket): Promise<'connected' | string> {
    return new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(error.message));
    });
  }

  beforeAll(async () => {
    database = await createDatabase('access_sockets');
    access = await startAccessApp({ databaseUrl: database.url });
    await access.app.get(StaffUsersService).create({ email: 'desk@waybill.example', password: 'desk-correct-horse', role: 'dispatcher' });
    dispatcherToken = (await login(access.baseUrl, 'desk@waybill.example', 'desk-correct-horse')).body.accessToken;
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await access?.close();
    await database?.drop();
  });

  describe('staff namespace', () => {
    it('lets a signed-in dispatcher connect and knows who they are', async () => {
      const socket = connect('/staff-feed', { token: dispatcherToken });
      expect(await outcome(socket)).toBe('connected');
      expect(await socket.emitWithAck('whoami')).toBe('desk@waybill.example');
    });

    it('admits an ops token issued by the test helper, and knows who it is', async () => {
      const socket = connect('/staff-feed', { token: await issueStaffToken(access.app, 'ops') });
      expect(await outcome(socket)).toBe('connected');
      expect(await socket.emitWithAck('whoami')).toBe('ops@test.waybill.example');
    });

    it('accepts the token as an Authorization header too', async () => {
      const socket = io(`${access.baseUrl}/staff-feed`, {
        transports: ['polling'],
        extraHeaders: { authorization: `Bearer ${dispatcherToken}` },
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      expect(await outcome(socket)).toBe('connected');
    });

    it.each<[string, () => Record<string, unknown>]>([
      ['no token', () => ({})],
      ['a garbage token', () => ({ token: 'not.a.jwt' })],
      ['a customer tracking token', () => ({ token: trackingTokenFor(PARCEL, TRACKING_SECRET) })],
    ])('refuses a handshake with %s', async (_name, auth) => {
      expect(await outcome(connect('/staff-feed', auth()))).toBe('unauthorized');
    });

    it('refuses an expired token', async () => {
      const { accessToken } = await new StaffTokens(JWT_SECRET, 60, () => new Date(Date.now() - 61_000)).issue({
        id: '00000000-0000-4000-8000-00000000000a',
        email: 'desk@waybill.example',
        role: 'dispatcher',
      });
      expect(await outcome(connect('/staff-feed', { token: accessToken }))).toBe('unauthorized');
    });

    it('disconnects a staff socket when its token expires', async () => {
      // Issued 58 s ago with a 60 s life: about 2 s left.
      const { accessToken, expiresAt } = await new StaffTokens(JWT_SECRET, 60, () => new Date(Date.now() - 58_000)).issue({
        id: '00000000-0000-4000-8000-00000000000b',
        email: 'desk@waybill.example',
        role: 'dispatcher',
      });
      const socket = connect('/staff-feed', { token: accessToken });
      const expired = new Promise<string>((resolve) => socket.on('auth.expired', () => resolve('told')));
      const disconnected = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
      expect(await outcome(socket)).toBe('connected');
      expect(await disconnected).toBe('io server disconnect');
      expect(await expired).toBe('told');
      expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime() - 50);
    });
  });

  describe('renewing the token of a connected staff socket (auth.renew)', () => {
    const desk = { id: '00000000-0000-4000-8000-00000000000c', email: 'desk@waybill.example', role: 'dispatcher' as const };
    /** Issued 57 s ago with a 60 s life: 2-3 s left, time to connect and renew even on a busy machine. */
    const endingSoon = () => new StaffTokens(JWT_SECRET, 60, () => new Date(Date.now() - 57_000)).issue(desk);

    it('keeps a socket whose page handed it a renewed token past the old token\'s end', async () => {
      const socket = connect('/staff-feed', { token: (await endingSoon()).accessToken });
      let dropped = false;
      socket.on('disconnect', () => (dropped = true));
      expect(await outcome(socket)).toBe('connected');
      const renewed = await new StaffTokens(JWT_SECRET, 3_600).issue(desk);
      expect(await socket.emitWithAck('auth.renew', { token: renewed.accessToken })).toEqual({
        ok: true,
        expiresAt: renewed.expiresAt.toISOString(),
      });
      await new Promise((resolve) => setTimeout(resolve, 3_500)); // past the old token's end
      expect(dropped).toBe(false);
      expect(await socket.emitWithAck('whoami' as never)).toBe(desk.email);
    });

    it('refuses another staff member\'s token or a bad one, and drops the socket at the old end', async () => {
      const socket = connect('/staff-feed', { token: (await endingSoon()).accessToken });
      const disconnected = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
      expect(await outcome(socket)).toBe('connected');
      const someoneElse = await new StaffTokens(JWT_SECRET, 3_600).issue({ ...desk, id: '00000000-0000-4000-8000-00000000000d' });
      const renew = (request: unknown) => socket.emitWithAck('auth.renew', request as { token: string });
      expect(await renew({ token: someoneElse.accessToken })).toEqual({ ok: false, error: 'not a token of this staff member' });
      expect(await renew({ token: 'not.a.jwt' })).toEqual({ ok: false, error: 'invalid token' });
      expect(await renew({})).toEqual({ ok: false, error: 'token: required' });
      expect(await disconnected).toBe('io server disconnect');
    });
  });

  describe('customer namespace', () => {
    it('lets a customer with the tracking link token follow that parcel, and no other', async () => {
      const socket = connect('/parcel-feed', { trackingNumber: PARCEL, token: trackingTokenFor(PARCEL, TRACKING_SECRET) });
      expect(await outcome(socket)).toBe('connected');
      expect(await socket.emitWithAck('follow', PARCEL)).toEqual({ joined: true });
      expect(await socket.emitWithAck('follow', 'WBOTHERPARCEL0000000')).toEqual({ joined: false });
    });

    it('gives a wrong token and an unknown number the same refusal', async () => {
      const wrongToken = await outcome(connect('/parcel-feed', { trackingNumber: PARCEL, token: 'A'.repeat(32) }));
      const unknown = await outcome(
        connect('/parcel-feed', { trackingNumber: 'WBUNKNOWN00000000000', token: trackingTokenFor(PARCEL, TRACKING_SECRET) }),
      );
      const nothing = await outcome(connect('/parcel-feed', {}));
      expect(wrongToken).toBe('unknown tracking number or token');
      expect(unknown).toBe(wrongToken);
      expect(nothing).toBe(wrongToken);
    });

    it('does not let a staff token stand in for a tracking token', async () => {
      expect(await outcome(connect('/parcel-feed', { trackingNumber: PARCEL, token: dispatcherToken }))).toBe(
        'unknown tracking number or token',
      );
    });
  });
});
