import { Deliverable, DeliveryResult, NotificationChannel } from './notification-channel';

export interface SmsChannelOptions {
  providerUrl: string | undefined;
  token: string | undefined;
  from: string;
  timeoutMs: number;
}

/**
 * SMS through an HTTP provider: `POST {from, to, text, reference}` as JSON with a bearer token.
 * A provider with another shape gets its own adapter behind the same channel interface.
 */
export class SmsChannel implements NotificationChannel {
  readonly name = 'sms' as const;

  constructor(private readonly options: SmsChannelOptions) {}

  get configured(): boolean {
    return this.options.providerUrl !== undefined;
  }

  async send(notification: Deliverable): Promise<DeliveryResult> {
    if (!this.options.providerUrl) return { ok: false, error: 'SMS_PROVIDER_URL is not set', permanent: true };
    try {
      const response = await fetch(this.options.providerUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
          'idempotency-key': notification.id,
        },
        body: JSON.stringify({ from: this.options.from, to: notification.target, text: notification.body, reference: notification.id }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.arrayBuffer();
      return response.ok
        ? { ok: true, responseStatus: response.status }
        : { ok: false, responseStatus: response.status, error: `provider answered ${response.status}` };
    } catch (error) {
      return { ok: false, error: (error as Error).message.slice(0, 500) };
    }
  }
}
