import nodemailer, { Transporter } from 'nodemailer';
import { optOutUrl } from '../preferences/opt-out-token';
import { Deliverable, DeliveryResult, NotificationChannel } from './notification-channel';

export interface EmailChannelOptions {
  smtpUrl: string | undefined;
  from: string;
  maxConnections: number;
  publicBaseUrl: string;
  optOutSecret: string;
}

/** Email over SMTP with nodemailer: one pooled transport, a Message-ID per notification. */
export class EmailChannel implements NotificationChannel {
  readonly name = 'email' as const;
  private readonly transport: Transporter | null;

  constructor(private readonly options: EmailChannelOptions) {
    this.transport = options.smtpUrl ? nodemailer.createTransport(transportOptions(options)) : null;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  async send(notification: Deliverable): Promise<DeliveryResult> {
    if (!this.transport) return { ok: false, error: 'SMTP_URL is not set', permanent: true };
    const unsubscribe = optOutUrl(this.options.publicBaseUrl, notification.target, this.options.optOutSecret);
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: notification.target,
        subject: notification.subject ?? '',
        text: notification.body,
        html: notification.html ?? undefined,
        // The same id on every attempt lets a mail system drop the copy of a retried send.
        messageId: `<${notification.id}@waybill.notifications>`,
        headers: {
          'X-Waybill-Notification-Id': notification.id,
          'X-Waybill-Kind': notification.kind,
          // RFC 8058: mail clients may POST to the List-Unsubscribe URL for a one-click opt-out.
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
        list: { unsubscribe: { url: unsubscribe, comment: 'Unsubscribe' } },
      });
      return { ok: true };
    } catch (error) {
      const responseCode = (error as { responseCode?: number }).responseCode;
      return { ok: false, responseStatus: responseCode, error: (error as Error).message.slice(0, 500) };
    }
  }

  async close(): Promise<void> {
    this.transport?.close();
  }
}

function transportOptions(options: EmailChannelOptions) {
  const url = new URL(options.smtpUrl!);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    pool: true,
    maxConnections: options.maxConnections,
    maxMessages: Infinity,
  };
}
