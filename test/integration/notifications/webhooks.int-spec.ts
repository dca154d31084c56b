import { verifyWebhookSignature } from '@waybill/notifications';
import { createDatabase } from '../../support/postgres';
import { eventually } from '../../support/eventually';
import { startPlatform, RunningPlatform } from '../../support/platform';
import { getJson, postJson } from '../../support/shipments';
import { deleteWebhook, notificationsOf, subscribeWebhook } from './support/breach-scenario';
import { aShipment, publishOnBus, slaEvent, statusChanged } from './support/events';
import { HttpReceiver, startHttpReceiver } from './support/http-receiver';

jest.setTimeout(90_000);

/** Merchant webhooks to a real HTTP endpoint, on the in-process bus. */
describe('merchant webhooks', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;
  let endpoint: HttpReceiver;
  const webhookOf = async (shipmentId: string) =>
    (await notificationsOf(platform.api, shipmentId)).filter((n) => n.channel === 'webhook');
  const publish = (...events: Parameters<ReturnType<typeof publishOnBus>>[0]) => publishOnBus(platform.bus)(events);

  beforeAll(async () => {
    [database, endpoint] = await Promise.all([createDatabase('notif_webhooks'), startHttpReceiver()]);
    delete process.env.SMTP_URL;
    process.env.NOTIFY_DISPATCH_POLL_MS = '50';
    process.env.NOTIFY_RETRY_BASE_MS = '200';
    process.env.NOTIFY_MAX_ATTEMPTS = '10';
    process.env.WEBHOOK_DISABLE_AFTER_FAILURES = '4';
    platform = await startPlatform({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await platform?.close();
    await endpoint?.close();
    await database?.drop();
  });

  it('delivers only the event types an endpoint subscribed to, signed over timestamp.body', async () => {
    const subscription = await subscribeWebhook(platform.api, `${endpoint.url}/only-delivered`, ['tracking.status_changed']);
    const shipment = aShipment();
    await publish(shipment.created, statusChanged(shipment, 'in_transit', 1), slaEvent(shipment, 'sla.at_risk', 'at_risk'));
    const toEndpoint = () => endpoint.requests.filter((r) => r.path === '/only-delivered');
    // The real tracking service beside us may announce `created` too: only status changes come.
    const delivery = await eventually(() => {
      const received = toEndpoint().filter((r) => JSON.parse(r.body).data.status === 'in_transit');
      expect(received).toHaveLength(1);
      return received[0];
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(new Set(toEndpoint().map((r) => JSON.parse(r.body).type))).toEqual(new Set(['tracking.status_changed']));
    const timestamp = delivery.headers['waybill-timestamp'];
    expect(delivery.headers['waybill-signature']).toMatch(new RegExp(`^t=${timestamp},v1=[0-9a-f]{64}$`));
    expect(verifyWebhookSignature(delivery.body, delivery.headers['waybill-signature'] as string, subscription.secret)).toBe(true);
    expect(verifyWebhookSignature(delivery.body.replace('in_transit', 'delivered'), delivery.headers['waybill-signature'] as string, subscription.secret)).toBe(false);
    expect(JSON.parse(delivery.body)).toMatchObject({
      id: delivery.headers['waybill-delivery-id'],
      type: 'tracking.status_changed',
      data: { status: 'in_transit', version: 11 },
    });
    const listed = await getJson(`${platform.baseUrl}/api/v1/webhooks/subscriptions/${subscription.id}`, platform.api.credentials);
    expect(listed.body).toMatchObject({ status: 'active', eventTypes: ['tracking.status_changed'] });
    expect(listed.body.secret).toBeUndefined();
    await deleteWebhook(platform.api, subscription.id);
  });

  it('retries a failing endpoint with growing delays, logs every attempt, and delivers once it recovers', async () => {
    const subscription = await subscribeWebhook(platform.api, `${endpoint.url}/flaky`, ['sla.breached']);
    endpoint.respondWith(503);
    const shipment = aShipment();
    await publish(shipment.created, slaEvent(shipment, 'sla.breached', 'breached', 'late'));
    const flaky = () => endpoint.requests.filter((r) => r.path === '/flaky');
    await eventually(() => expect(flaky().length).toBeGreaterThanOrEqual(3));
    endpoint.respondWith(200);
    await eventually(async () => {
      expect(await webhookOf(shipment.id)).toEqual([expect.objectContaining({ status: 'sent' })]);
    });
    endpoint.respondWith(200);
    const attempts = flaky();
    const gaps = attempts.slice(1).map((r, i) => r.at - attempts[i].at);
    expect(gaps[1]).toBeGreaterThan(gaps[0]); // ~200 ms, then ~400 ms (±20 %)
    expect(new Set(attempts.map((r) => r.body)).size).toBe(1); // the same body every time, signed afresh

    const log = await getJson(`${platform.baseUrl}/api/v1/webhooks/subscriptions/${subscription.id}/deliveries`, platform.api.credentials);
    expect(log.status).toBe(200);
    const outcomes = log.body.map((a: any) => [a.attempt, a.outcome, a.responseStatus]).reverse();
    expect(outcomes).toEqual([
      ...attempts.slice(0, -1).map((_, i) => [i + 1, 'failed', 503]),
      [attempts.length, 'sent', 200],
    ]);
    await deleteWebhook(platform.api, subscription.id);
  });

  it('disables an endpoint after repeated failures and fails what waited for it', async () => {
    const subscription = await subscribeWebhook(platform.api, `${endpoint.url}/down`, ['sla.breached', 'sla.at_risk']);
    endpoint.respondWith(500);
    const first = aShipment();
    const second = aShipment();
    // Both alerts in one delivery, so both wait for the endpoint before it can be disabled.
    await publish(
      first.created,
      second.created,
      slaEvent(first, 'sla.breached', 'breached', 'late'),
      slaEvent(second, 'sla.at_risk', 'at_risk'),
    );
    await eventually(async () => {
      const state = await getJson(`${platform.baseUrl}/api/v1/webhooks/subscriptions/${subscription.id}`, platform.api.credentials);
      expect(state.body).toMatchObject({ status: 'disabled', disabledReason: 'endpoint disabled after 4 consecutive failures' });
    });
    await eventually(async () => {
      for (const shipment of [first, second]) {
        expect(await webhookOf(shipment.id)).toEqual([
          expect.objectContaining({ status: 'failed', reason: expect.stringContaining('disabled') }),
        ]);
      }
    });
    const calls = endpoint.requests.filter((r) => r.path === '/down').length;
    const log = await getJson(`${platform.baseUrl}/api/v1/webhooks/subscriptions/${subscription.id}/deliveries`, platform.api.credentials);
    expect(log.body).toHaveLength(calls);
    expect(log.body.every((a: any) => a.outcome === 'failed' && a.responseStatus === 500)).toBe(true);

    // Nothing more goes to a disabled endpoint, until it is enabled again.
    const third = aShipment();
    await publish(third.created, slaEvent(third, 'sla.breached', 'breached', 'late'));
    // The customer email (recorded: no SMTP here) shows the breach was handled.
    await eventually(async () => expect(await notificationsOf(platform.api, third.id)).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(endpoint.requests.filter((r) => r.path === '/down')).toHaveLength(calls);
    expect(await webhookOf(third.id)).toEqual([]);

    endpoint.respondWith(200);
    const enabled = await postJson(`${platform.baseUrl}/api/v1/webhooks/subscriptions/${subscription.id}/enable`, {}, platform.api.credentials);
    expect(enabled.body).toMatchObject({ status: 'active', consecutiveFailures: 0 });
  });

  it('answers a bad subscription with 400 and the fields at fault', async () => {
    const response = await postJson(
      `${platform.baseUrl}/api/v1/webhooks/subscriptions`,
      { url: 'ftp://example.com/hook', eventTypes: ['sla.exploded'] },
      platform.api.credentials,
    );
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['eventTypes.0', 'url']);
    const unknown = await getJson(`${platform.baseUrl}/api/v1/webhooks/subscriptions/00000000-0000-4000-8000-000000000000/deliveries`, platform.api.credentials);
    expect(unknown.status).toBe(404);
  });

  it('documents the notification, preference and webhook routes in OpenAPI', async () => {
    const docs = await getJson(`${platform.baseUrl}/api/docs-json`);
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/notifications',
        '/api/v1/notifications/opt-out',
        '/api/v1/notifications/preferences',
        '/api/v1/webhooks/subscriptions',
        '/api/v1/webhooks/subscriptions/{id}/deliveries',
      ]),
    );
    const body = docs.body.paths['/api/v1/webhooks/subscriptions'].post.requestBody.content['application/json'].schema;
    expect(body.properties.eventTypes.items.enum).toContain('sla.breached');
  });
});
