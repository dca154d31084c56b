import { signWebhook, verifyWebhookSignature } from '../webhooks/webhook-signature';
import { nextRetryDelay } from './backoff';

describe('nextRetryDelay', () => {
  const policy = { baseMs: 1000, maxMs: 30_000, maxAttempts: 6 };
  const middle = () => 0.5;

  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 16000],
  ])('after failed attempt %i waits %i ms', (attempt, expected) => {
    expect(nextRetryDelay(policy, attempt, middle)).toBe(expected);
  });

  it('gives up once the attempts are used', () => {
    expect(nextRetryDelay(policy, 6, middle)).toBeNull();
  });

  it('never waits longer than the cap', () => {
    expect(nextRetryDelay({ ...policy, maxAttempts: 50 }, 20, () => 1)).toBe(30_000);
  });

  it('spreads retries by ±20 %', () => {
    expect(nextRetryDelay(policy, 3, () => 0)).toBe(3200);
    expect(nextRetryDelay(policy, 3, () => 0.999999)).toBe(4800);
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"type":"sla.breached"}';
  const now = 1_741_000_000;

  it('signs timestamp.body with HMAC-SHA256', () => {
    // The value openssl gives: printf '1741000000.{"type":"sla.breached"}' | openssl dgst -sha256 -hmac whsec_test
    expect(signWebhook(body, secret, now)).toBe(
      't=1741000000,v1=3fa1b8f50b2997b7ddcec87ca1da842b08380b917087c410a71b0c6849542cca',
    );
  });

  it('verifies its own signature', () => {
    expect(verifyWebhookSignature(body, signWebhook(body, secret, now), secret, { nowSeconds: now + 10 })).toBe(true);
  });

  it.each([
    ['a changed body', '{"type":"sla.met"}', signWebhook(body, secret, now), now],
    ['another secret', body, signWebhook(body, 'whsec_other', now), now],
    ['an old timestamp', body, signWebhook(body, secret, now), now + 301],
    ['no header', body, undefined, now],
    ['garbage', body, 'v1=zz', now],
  ])('refuses %s', (_what, receivedBody, header, at) => {
    expect(verifyWebhookSignature(receivedBody, header, secret, { nowSeconds: at })).toBe(false);
  });
});
