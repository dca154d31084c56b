export { NotificationsModule } from './notifications.module';
export { verifyWebhookSignature, signWebhook, SIGNATURE_HEADER } from './webhooks/webhook-signature';
export { optOutTokenFor } from './preferences/opt-out-token';
