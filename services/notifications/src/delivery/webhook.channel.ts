import { Agent, fetch } from 'undici';
import { assertPublicWebhookTarget, publicOnlyLookup, WebhookTargetRefused } from '@waybill/access';
import { WebhookSubscriptions } from '../webhooks/webhook-subscriptions.service';
import { WebhookTargetPolicy } from '../webhooks/webhook-targets';
import { DELIVERY_ID_HEADER, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhooks/webhook-signature';
import { Deliverable, DeliveryResult, NotificationChannel } from './notification-channel';

/** Merchant webhooks: the stored body, signed afresh at each attempt, POSTed to the endpoint. */
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook' as const;
  readonly configured = true;
  /**
   * Where private targets are refused, deliveries connect through an agent that resolves the
   * name for the connection itself and refuses a non-public answer there: the check below
   * resolves it separately, and DNS may answer differently the second time.
   */
  private readonly agent: Agent | undefined;

  constructor(
    private readonly subscriptions: WebhookSubscriptions,
    private readonly timeoutMs: number,
    private readonly targets: WebhookTargetPolicy,
  ) {
    this.agent = targets.allowPrivate ? undefined : new Agent({ connect: { lookup: publicOnlyLookup(targets.lookup) } });
  }

  async close(): Promise<void> {
    await this.agent?.close();
  }

  async send(notification: Deliverable): Promise<DeliveryResult> {
    const subscription = notification.subscriptionId ? await this.subscriptions.find(notification.subscriptionId) : null;
    if (!subscription || subscription.status !== 'active') {
      return { ok: false, error: 'endpoint disabled or deleted', permanent: true };
    }
    try {
      // Again at every attempt: the name may resolve somewhere else than when it was saved.
      await assertPublicWebhookTarget(subscription.url, this.targets);
    } catch (error) {
      if (error instanceof WebhookTargetRefused) return { ok: false, error: error.message, permanent: true };
      throw error;
    }
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(subscription.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Waybill-Webhooks/1',
          [SIGNATURE_HEADER]: signWebhook(notification.body, subscription.secret, timestamp),
          [TIMESTAMP_HEADER]: String(timestamp),
          [DELIVERY_ID_HEADER]: notification.id,
        },
        body: notification.body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
        dispatcher: this.agent,
      });
      await response.arrayBuffer();
      return response.ok
        ? { ok: true, responseStatus: response.status }
        : { ok: false, responseStatus: response.status, error: `endpoint answered ${response.status}` };
    } catch (error) {
      const refused = (error as { cause?: unknown }).cause;
      if (refused instanceof WebhookTargetRefused) return { ok: false, error: refused.message, permanent: true };
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { ok: false, error: `${(error as Error).message}${cause ? ` (${cause})` : ''}`.slice(0, 500) };
    }
  }
}
