import {
  ConnectedSocket,
  MessageBody,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { SocketNamespaces, SubscribeAck } from '@waybill/contracts';
import { Access, StaffTokens, staffSocketGuard } from '@waybill/access';
import { BoardNamespace, BoardSocket } from './board-feed';
import { BoardSubscribeSchema, problemsOf } from './live-requests';
import { LivePush } from './live-push.service';

/** Who may watch the board: declared once, for the route audit and for the handshake guard. */
const BOARD_ROLES = ['admin', 'dispatcher', 'ops'] as const;

/** `/board`: shipment updates, SLA alerts, counters and notifications for dispatchers and ops. */
@Access([...BOARD_ROLES])
@WebSocketGateway({ namespace: SocketNamespaces.board })
export class BoardGateway implements OnGatewayInit {
  constructor(
    private readonly live: LivePush,
    private readonly tokens: StaffTokens,
  ) {}

  afterInit(namespace: BoardNamespace): void {
    // Staff only: a valid JWT of a staff role at the handshake (`auth: { token }`), and the
    // socket is dropped with `auth.expired` when that token ends (libs/access handshake-access).
    namespace.use(staffSocketGuard(this.tokens, BOARD_ROLES));
    this.live.board.attach(namespace);
    this.live.startCounters();
  }

  @SubscribeMessage('board.subscribe')
  subscribe(@ConnectedSocket() socket: BoardSocket, @MessageBody() body: unknown): SubscribeAck {
    const request = BoardSubscribeSchema.safeParse(body ?? {});
    if (!request.success) return { ok: false, error: problemsOf(request.error) };
    const ack = this.live.board.subscribe(socket, request.data);
    // This client's counters straight away (to it alone), rather than at the next refresh.
    this.live.board.enqueue([
      { to: socket.id, message: { type: 'board.counters', data: this.live.counters(request.data.filters ?? {}) } },
    ]);
    return ack;
  }
}
