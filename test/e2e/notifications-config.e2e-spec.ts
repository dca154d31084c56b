import { freePort, runTs } from '../support/processes';

jest.setTimeout(60_000);

/** notifications reads its own variables (SMTP, SMS, webhooks, board) and stops on a bad one, named. */
describe('notifications configuration at start', () => {
  it('stops the notifications process with EX_CONFIG and names a bad SMTP_URL', async () => {
    const service = runTs('services/notifications/src/main.ts', {
      SMTP_URL: 'http://mail.example.com',
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      KAFKA_BROKERS: '127.0.0.1:1',
    });
    expect(await service.exited).toBe(78);
    expect(service.output()).toMatch(/notifications: Invalid configuration:\s+- SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
  });

  it('stops the standalone platform too, naming the variable', async () => {
    const platform = runTs('services/standalone/src/main.ts', {
      WEBHOOK_DISABLE_AFTER_FAILURES: 'never',
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      PORT: String(await freePort()),
    });
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      platform.exited,
      new Promise((resolve) => (timer = setTimeout(() => resolve('still running'), 30_000))),
    ]);
    clearTimeout(timer);
    if (code === 'still running') await platform.stop('SIGKILL');
    expect(code).not.toBe(0);
    expect(code).not.toBe('still running');
    expect(platform.output()).toContain('WEBHOOK_DISABLE_AFTER_FAILURES');
  });
});
