import { Inject } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { SocketNamespaces, SubscribeAck } from '@waybill/contracts';
import { isValidTrackingToken, SERVICE_SETTINGS, ServiceSettings } from '@waybill/service-kit';
import { Access } from '@waybill/access';
import { problemsOf, TrackingSubscribeSchema } from './live-requests';
import { LivePush } from './live-push.service';
import { TrackingNamespace, TrackingSocket } from './tracking-feed';

/**
 * `/tracking`: one customer follows one parcel, with the token from their tracking link. The
 * token is checked at each `tracking.subscribe` (the one way into a parcel's room), so a socket
 * only ever joins the rooms of parcels whose tokens it holds.
 */
@Access('customer')
@WebSocketGateway({ namespace: SocketNamespaces.tracking })
export class TrackingGateway implements OnGatewayInit {
  constructor(
    private readonly live: LivePush,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
  ) {}

  afterInit(namespace: TrackingNamespace): void {
    this.live.tracking.attach(namespace);
  }

  @SubscribeMessage('tracking.subscribe')
  subscribe(@ConnectedSocket() socket: TrackingSocket, @MessageBody() body: unknown): SubscribeAck {
    const request = TrackingSubscribeSchema.safeParse(body ?? {});
    if (!request.success) return { ok: false, error: problemsOf(request.error) };
    const { trackingNumber, token, lastSeq, epoch } = request.data;
    // One answer for an unknown number and a wrong token: numbers are not enumerable.
    if (!isValidTrackingToken(trackingNumber, token, this.settings.trackingTokenSecret)) {
      return { ok: false, error: 'unknown tracking number or token' };
    }
    return this.live.tracking.subscribe(socket, trackingNumber, lastSeq, epoch);
  }
}
