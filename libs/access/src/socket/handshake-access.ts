import type { Socket } from 'socket.io';
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

/** Drops the socket when its token expires; the client reconnects with a fresh token. */
export function disconnectAtExpiry(socket: Socket, expiresAt: Date): void {
  const timer = setTimeout(() => {
    socket.emit('auth.expired' as never);
    socket.disconnect(true);
  }, Math.max(0, Math.min(expiresAt.getTime() - Date.now(), 2 ** 31 - 1)));
  timer.unref?.();
  socket.once('disconnect', () => clearTimeout(timer));
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
