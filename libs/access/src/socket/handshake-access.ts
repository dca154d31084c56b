import type { Socket } from 'socket.io';
import type { AuthRenewAnswer } from '@waybill/contracts';
import { isValidTrackingToken } from '@waybill/service-kit';
import { STAFF_ROLES, StaffPrincipal, StaffRole } from '../principal';
import { StaffTokens } from '../tokens/staff-tokens';

type Handshake = Socket['handshake'];
type Middleware = (socket: Socket, next: (error?: Error) => void) => void;

/** The staff token from `io(url, { auth: { token } })`, or an `Authorization: Bearer` header. */
export function bearerFromHandshake(handshake: Handshake): string | null {
  const fromAuth = (handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof fromAuth === 'string' && fromAuth) return fromAuth.replace(/^Bearer\s+/i, '');
  const header = handshake.headers?.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match ? match[1] : null;
}

/** The staff member a handshake names, if their token is valid and their role admitted. */
export async function authenticateStaffHandshake(
  handshake: Handshake,
  tokens: StaffTokens,
  roles: readonly StaffRole[] = STAFF_ROLES,
): Promise<StaffPrincipal | null> {
  const token = bearerFromHandshake(handshake);
  if (!token) return null;
  try {
    const principal = await tokens.verify(token);
    return roles.includes(principal.role) ? principal : null;
  } catch {
    return null;
  }
}

const expiryTimers = new WeakMap<Socket, NodeJS.Timeout>();

/**
 * Drops the socket when its token expires (a later call moves that moment, as a renewal does);
 * the client then reconnects with a fresh token.
 */
export function disconnectAtExpiry(socket: Socket, expiresAt: Date): void {
  clearTimeout(expiryTimers.get(socket));
  const timer = setTimeout(() => {
    socket.emit('auth.expired');
    socket.disconnect(true);
  }, Math.max(0, Math.min(expiresAt.getTime() - Date.now(), 2 ** 31 - 1)));
  timer.unref?.();
  if (!expiryTimers.has(socket)) socket.once('disconnect', () => clearTimeout(expiryTimers.get(socket)));
  expiryTimers.set(socket, timer);
}

/**
 * `auth.renew` `{ token }` on a staff socket: the page renewed its sign-in, and hands the socket
 * the new token so it is not dropped when the one it opened with ends (and need not reconnect
 * and replay every 15 minutes). The token must be valid, of an admitted role and name the same
 * staff member; otherwise the socket keeps its old end.
 */
function acceptRenewals(socket: Socket, tokens: StaffTokens, roles: readonly StaffRole[]): void {
  socket.on('auth.renew', (request: unknown, ack: unknown) => {
    const answer = typeof ack === 'function' ? (ack as (answer: AuthRenewAnswer) => void) : () => undefined;
    const token = (request as { token?: unknown } | null)?.token;
    if (typeof token !== 'string' || !token) return answer({ ok: false, error: 'token: required' });
    const current = socket.data.principal as StaffPrincipal;
    tokens.verify(token).then(
      (next) => {
        if (next.userId !== current.userId || !roles.includes(next.role)) return answer({ ok: false, error: 'not a token of this staff member' });
        socket.data.principal = next;
        disconnectAtExpiry(socket, next.expiresAt);
        answer({ ok: true, expiresAt: next.expiresAt.toISOString() });
      },
      () => answer({ ok: false, error: 'invalid token' }),
    );
  });
}

/**
 * Socket.IO middleware for staff namespaces (`/board`): refuses the handshake without a valid
 * JWT of an admitted role (`connect_error` "unauthorized"), keeps the principal in
 * `socket.data.principal`, and disconnects the socket when the token expires.
 */
export function staffSocketGuard(tokens: StaffTokens, roles: readonly StaffRole[] = STAFF_ROLES): Middleware {
  return (socket, next) => {
    authenticateStaffHandshake(socket.handshake, tokens, roles).then(
      (principal) => {
        if (!principal) return next(new Error('unauthorized'));
        socket.data.principal = principal;
        disconnectAtExpiry(socket, principal.expiresAt);
        acceptRenewals(socket, tokens, roles);
        next();
      },
      () => next(new Error('unauthorized')),
    );
  };
}

/** The parcel a `/tracking` handshake proves access to: `auth: { trackingNumber, token }`. */
export function trackingNumberFromHandshake(handshake: Handshake, secret: string): string | null {
  const auth = (handshake.auth ?? {}) as { trackingNumber?: unknown; token?: unknown };
  if (typeof auth.trackingNumber !== 'string' || auth.trackingNumber.length > 64) return null;
  return isValidTrackingToken(auth.trackingNumber, auth.token, secret) ? auth.trackingNumber : null;
}

/**
 * Socket.IO middleware for `/tracking`: the handshake must carry a tracking number and its token;
 * an unknown number and a wrong token get the same error. The parcel is kept in
 * `socket.data.trackingNumber`; use `mayFollowParcel` before joining a room.
 */
export function customerSocketGuard(trackingTokenSecret: string): Middleware {
  return (socket, next) => {
    const trackingNumber = trackingNumberFromHandshake(socket.handshake, trackingTokenSecret);
    if (!trackingNumber) return next(new Error('unknown tracking number or token'));
    socket.data.trackingNumber = trackingNumber;
    next();
  };
}

/** A customer socket follows the one parcel it shook hands for. */
export function mayFollowParcel(socket: Socket, trackingNumber: string): boolean {
  return socket.data?.trackingNumber === trackingNumber;
}
