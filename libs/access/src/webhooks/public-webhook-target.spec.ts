import type { LookupAddress, LookupOptions } from 'node:dns';
import { assertPublicWebhookTarget, isPublicAddress, publicOnlyLookup, WebhookTargetRefused } from './public-webhook-target';

const production = { allowPrivate: false };

async function refusal(url: string, options = production): Promise<string> {
  try {
    await assertPublicWebhookTarget(url, options);
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookTargetRefused);
    return (error as WebhookTargetRefused).reason;
  }
  throw new Error(`${url} was accepted`);
}

describe('isPublicAddress', () => {
  it.each<[string, boolean]>([
    ['8.8.8.8', true],
    ['93.184.215.14', true],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.1.10', false],
    ['127.0.0.1', false],
    ['127.8.8.8', false],
    ['0.0.0.0', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['2606:4700:4700::1111', true],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd12:3456:789a::1', false],
    ['fc00::1', false],
    ['ff02::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:8.8.8.8', true],
    ['64:ff9b::a9fe:a9fe', false],
    ['2001:db8::1', false],
    ['not-an-ip', false],
  ])('%s is public: %p', (address, expected) => expect(isPublicAddress(address)).toBe(expected));
});

describe('assertPublicWebhookTarget in production', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', /127\.0\.0\.1 is not a public address/],
    ['https://10.0.0.5/hook', /not a public address/],
    ['http://169.254.169.254/latest/meta-data/', /not a public address/],
    ['http://[::1]:3000/hook', /::1 is not a public address/],
    ['http://[fe80::1]/hook', /not a public address/],
    ['http://[::ffff:192.168.0.1]/hook', /not a public address/],
    ['ftp://8.8.8.8/hook', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['https://user:secret@8.8.8.8/hook', /credentials/],
    ['not a url', /valid URL/],
  ])('refuses %s', async (url, reason) => {
    expect(await refusal(url)).toMatch(reason);
  });

  it('refuses localhost, resolved with dns.lookup', async () => {
    expect(await refusal('http://localhost:4000/hook')).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/);
  });

  it('refuses a name that does not resolve', async () => {
    expect(await refusal('https://no-such-host.invalid/hook')).toMatch(/does not resolve/);
  });

  it('refuses a name when any of its addresses is private (one public answer is not enough)', async () => {
    const lookup = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    expect(await refusal('https://mixed.example.com/hook', { allowPrivate: false, lookup } as never)).toMatch(
      /resolves to 10\.0\.0\.7/,
    );
  });

  it('accepts a name whose every address is public', async () => {
    const lookup = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ];
    const url = await assertPublicWebhookTarget('https://hooks.example.com/waybill', { allowPrivate: false, lookup });
    expect(url.hostname).toBe('hooks.example.com');
  });

  it.each(['https://8.8.8.8/hook', 'http://[2606:4700:4700::1111]:8443/hook'])('accepts a public address literal %s', async (url) => {
    await expect(assertPublicWebhookTarget(url, production)).resolves.toBeInstanceOf(URL);
  });
});

describe('assertPublicWebhookTarget in development and tests', () => {
  it.each(['http://127.0.0.1:8080/hook', 'http://localhost:4000/hook', 'http://[::1]/hook', 'http://192.168.1.20/hook'])(
    'allows %s when private targets are allowed',
    async (url) => {
      await expect(assertPublicWebhookTarget(url, { allowPrivate: true })).resolves.toBeInstanceOf(URL);
    },
  );

  it('still refuses other schemes and credentials', async () => {
    expect(await refusal('gopher://127.0.0.1/', { allowPrivate: true })).toMatch(/http or https/);
    expect(await refusal('http://a:b@localhost/', { allowPrivate: true })).toMatch(/credentials/);
  });
});

describe('publicOnlyLookup (the delivering connection resolves the name itself)', () => {
  const answers: Record<string, Array<{ address: string; family: number }>> = {
    'hooks.example': [{ address: '93.184.215.14', family: 4 }, { address: '2606:4700:4700::1111', family: 6 }],
    'rebound.example': [{ address: '93.184.215.14', family: 4 }, { address: '127.0.0.1', family: 4 }],
    'nowhere.example': [],
  };
  const lookup = publicOnlyLookup(async (hostname) => answers[hostname] ?? []);
  const resolve = (hostname: string, options: LookupOptions) =>
    new Promise<{ error: Error | null; address: string | LookupAddress[]; family?: number }>((done) =>
      lookup(hostname, options, (error, address, family) => done({ error, address, family })),
    );

  it('hands a public answer to the connection, one address or all of them', async () => {
    expect(await resolve('hooks.example', {})).toEqual({ error: null, address: '93.184.215.14', family: 4 });
    expect(await resolve('hooks.example', { family: 6 })).toEqual({ error: null, address: '2606:4700:4700::1111', family: 6 });
    expect((await resolve('hooks.example', { all: true })).address).toEqual(answers['hooks.example']);
  });

  it('fails the connection when any answer is not public, or there is none', async () => {
    const rebound = await resolve('rebound.example', {});
    expect(rebound.error).toBeInstanceOf(WebhookTargetRefused);
    expect((rebound.error as WebhookTargetRefused).reason).toBe('rebound.example resolves to 127.0.0.1, not a public address');
    expect((await resolve('nowhere.example', {})).error).toBeInstanceOf(WebhookTargetRefused);
  });
});
