/** A notification claimed for delivery, as the dispatcher hands it to a channel. */
export interface Deliverable {
  id: string;
  shipmentId: string;
  channel: 'email' | 'webhook' | 'sms';
  kind: string;
  /** Email address, phone number, or the webhook subscription id. */
  target: string;
  subscriptionId: string | null;
  subject: string | null;
  body: string;
  html: string | null;
  /** This attempt's number, starting at 1. */
  attempt: number;
}

export interface DeliveryResult {
  ok: boolean;
  responseStatus?: number;
  error?: string;
  /** Retrying cannot help (e.g. the endpoint was disabled meanwhile). */
  permanent?: boolean;
}

/** One way of reaching someone. Email, webhooks and SMS all sit behind it. */
export interface NotificationChannel {
  readonly name: Deliverable['channel'];
  /** False: the channel has no configuration, so its notifications are recorded, not sent. */
  readonly configured: boolean;
  send(notification: Deliverable): Promise<DeliveryResult>;
  close?(): Promise<void>;
}

export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');

export type ChannelRegistry = Record<Deliverable['channel'], NotificationChannel>;
