import { ConfigError } from '@waybill/service-kit';
import { loadNotificationsConfig } from './notifications.config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadNotificationsConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('notifications configuration', () => {
  it('needs nothing: without SMTP_URL email is recorded, not sent', () => {
    const config = loadNotificationsConfig({});
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.SMS_PROVIDER_URL).toBeUndefined();
    expect(config.NOTIFY_MAX_ATTEMPTS).toBe(6);
  });

  it('treats an empty SMTP_URL as not set', () => {
    expect(loadNotificationsConfig({ SMTP_URL: '' }).SMTP_URL).toBeUndefined();
  });

  it.each(['smtp://localhost:2525', 'smtps://user:secret@mail.example.com:465'])('accepts SMTP_URL %s', (url) => {
    expect(loadNotificationsConfig({ SMTP_URL: url }).SMTP_URL).toBe(url);
  });

  it.each([
    ['SMTP_URL', 'http://mail.example.com'],
    ['SMS_PROVIDER_URL', 'not a url'],
    ['NOTIFY_MAX_ATTEMPTS', '0'],
    ['WEBHOOK_DISABLE_AFTER_FAILURES', 'many'],
    ['BOARD_FLUSH_MS', '-5'],
  ])('stops on a bad %s and names it', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });
});
