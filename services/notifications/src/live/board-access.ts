import type { Socket } from 'socket.io';

/**
 * Who may open the `/board` feed, checked once at the Socket.IO handshake. Open for now; the
 * JWT issue binds a policy that reads `handshake.auth.token` under BOARD_ACCESS instead.
 */
export interface BoardAccess {
  allows(handshake: Socket['handshake']): boolean | Promise<boolean>;
}

export const BOARD_ACCESS = Symbol('BOARD_ACCESS');

export const OPEN_BOARD_ACCESS: BoardAccess = { allows: () => true };
