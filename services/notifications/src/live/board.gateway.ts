import { Inject, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { SocketNamespaces, SubscribeAck } from '@waybill/contracts';
import { BOARD_ACCESS, BoardAccess } from './board-access';
import { BoardNamespace, BoardSocket } from './board-feed';
import { BoardSubscribeSchema, problemsOf } from './live-requests';
import { LivePush } from './live-push.service';

/** `/board`: shipment updates, SLA alerts, counters and notifications for dispatchers and ops. */
@WebSocketGateway({ namespace: SocketNamespaces.board })
export class BoardGateway implements OnGatewayInit {
  private readonly logger = new Logger('board');

  constructor(
    private readonly live: LivePush,
    @Inject(BOARD_ACCESS) private readonly access: BoardAccess,
  ) {}

  afterInit(namespace: BoardNamespace): void {
    namespace.use((socket, next) => {
      Promise.resolve(this.access.allows(socket.handshake))
        .then((allowed) => (allowed ? next() : next(new Error('unauthorized'))))
        .catch((error) => {
          this.logger.warn(`board access check failed: ${error}`);
          next(new Error('unauthorized'));
        });
    });
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
