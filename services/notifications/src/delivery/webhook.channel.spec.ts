import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { WebhookSubscriptions } from '../webhooks/webhook-subscriptions.service';
import { Deliverable } from './notification-channel';
import { WebhookChannel } from './webhook.channel';

/**
 * A real local receiver; the subscriptions store is a stand-in (unit test). What is checked is
 * where the delivering connection goes when DNS answers differently at check and at connect.
 */
describe('WebhookChannel: the delivering connection checks the address it connects to', () => {
  let receiver: Server;
  let port: number;
  let received = 0;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      received++;
      request.resume();
      request.on('end', () => response.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  const subscriptionsAt = (url: string) =>
    ({ find: async () => ({ id: 'sub-1', url, status: 'active', secret: 'whsec_test' }) }) as unknown as WebhookSubscriptions;

  const delivery: Deliverable = {
    id: 'd-1',
    shipmentId: 's-1',
    channel: 'webhook',
    kind: 'sla.breached',
    target: 'sub-1',
    subscriptionId: 'sub-1',
    subject: null,
    body: '{"type":"sla.breached"}',
    html: null,
    attempt: 1,
  };

  it('delivers to a local receiver where private targets are allowed (development)', async () => {
    const before = received;
    const channel = new WebhookChannel(subscriptionsAt(`http://127.0.0.1:${port}/hook`), 5_000, { allowPrivate: true });
    expect(await channel.send(delivery)).toEqual({ ok: true, responseStatus: 204 });
    expect(received).toBe(before + 1);
    await channel.close();
  });

  it('refuses a name that resolves to a public address for the check and to loopback for the connection', async () => {
    const before = received;
    let lookups = 0;
    // DNS rebinding: the first answer (the check) is public, the next (the connection) is this host.
    const rebinding = async () => (lookups++ === 0 ? [{ address: '93.184.215.14', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    const channel = new WebhookChannel(subscriptionsAt(`http://rebind.example:${port}/hook`), 5_000, { allowPrivate: false, lookup: rebinding });
    const result = await channel.send(delivery);
    expect(result).toEqual({
      ok: false,
      permanent: true,
      error: 'webhook target refused: rebind.example resolves to 127.0.0.1, not a public address',
    });
    expect(lookups).toBe(2);
    expect(received).toBe(before);
    await channel.close();
  });
});
