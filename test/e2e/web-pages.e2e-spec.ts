import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ensureWebBuild } from '../../services/standalone/src/web/web-build';
import { errorsOf, launchBrowser, RunningBrowser, screenshot, seriousAccessibilityViolations } from '../support/browser';
import { optOutTokenFor } from '../../services/notifications/src/preferences/opt-out-token';
import { RunningPlatform, startPlatform, TEST_TOKEN_SECRET } from '../support/platform';
import { eventually } from '../support/eventually';
import { createDatabase } from '../support/postgres';
import { aShipmentRequest, postJson } from '../support/shipments';
import { StaffUsersService } from '@waybill/access';

jest.setTimeout(60_000);

/**
 * The web pages in a real Chromium, against the whole platform in this process (in-process
 * bus, real PostgreSQL, real Socket.IO). The SLA clock is short: a promise breaks 2 s after it
 * passes, so a shipment promised a few seconds from now is breached within the test. Each page
 * is also checked with axe-core once its live data is on it, and must log no error.
 */
describe('web pages in a real browser', () => {
  const slaEnv = { SLA_BREACH_GRACE_SECONDS: '2', SLA_POLL_MS: '200', SLA_OUT_FOR_DELIVERY_LEAD_MINUTES: '0' };
  const savedEnv: Record<string, string | undefined> = {};
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;
  let browser: RunningBrowser;
  let admin: Record<string, string>;
  const dispatcher = { email: 'dana.dispatcher@waybill.example', password: 'board-watcher-password-1' };
  const ops = { email: 'otto.ops@waybill.example', password: 'report-reader-password-1' };

  beforeAll(async () => {
    for (const [key, value] of Object.entries(slaEnv)) {
      savedEnv[key] = process.env[key];
      process.env[key] = value;
    }
    database = await createDatabase('web_pages');
    // The build and the browser start while the platform does; a warm build is only a hash.
    [platform, browser] = await Promise.all([
      startPlatform({ databaseUrl: database.url }),
      launchBrowser(),
      ensureWebBuild(),
    ]).then(([p, b]) => [p, b] as const);
    admin = await platform.staff('admin');
    const users = platform.app.get(StaffUsersService, { strict: false });
    await users.upsert({ ...dispatcher, role: 'dispatcher' });
    await users.upsert({ ...ops, role: 'ops' });
  }, 120_000);

  /** Signs in through the staff pages' own form, as a person would. */
  async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Email').fill(who.email);
    await form.getByLabel('Password').fill(who.password);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`${who.email} ·`).waitFor();
  }

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await database?.drop();
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  /** A shipment a merchant registers, promised `seconds` from now, that no carrier will ever scan. */
  async function aShipmentPromisedIn(seconds: number, overrides: Record<string, unknown> = {}) {
    const promisedBy = new Date(Date.now() + seconds * 1000).toISOString();
    const created = await postJson(`${platform.baseUrl}/api/v1/shipments`, aShipmentRequest({ promisedBy, ...overrides }), admin);
    expect(created.status).toBe(201);
    return created.body as { id: string; trackingNumber: string; trackingToken: string; promisedBy: string };
  }

  /** Marks the document, so a test can tell it was never reloaded. */
  async function markDocument(page: Page): Promise<void> {
    await page.evaluate(() => ((globalThis as any).__sameDocument = true));
  }
  const stillSameDocument = (page: Page) => page.evaluate(() => (globalThis as any).__sameDocument === true);

  it('asks staff to sign in before the board, and refuses a wrong password', async () => {
    const page = await browser.newPage();
    await page.goto(`${platform.baseUrl}/`);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.waitFor();
    expect(await page.getByTestId('connection').count()).toBe(0);
    await form.getByLabel('Email').fill(dispatcher.email);
    await form.getByLabel('Password').fill('not-the-password-at-all');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong email or password.').waitFor();
    expect(await page.getByTestId('connection').count()).toBe(0);
    await expectAccessibleAndClean(page, [401]);

    await signIn(page, dispatcher);
    await page.getByTestId('connection').getByText('Live').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await form.waitFor();
  });

  it('renews a dispatcher\'s sign-in before the token ends, with no sign-in form and the board still live', async () => {
    const page = await browser.newPage();
    await page.clock.install(); // the page's clock runs on, and can be moved ahead
    await page.goto(`${platform.baseUrl}/`);
    await signIn(page, dispatcher);
    await page.getByTestId('connection').getByText('Live').waitFor();
    const storedToken = () => page.evaluate(() => JSON.parse((globalThis as any).sessionStorage.getItem('waybill.staff-session') ?? 'null')?.accessToken as string);
    const first = await storedToken();
    // Tokens carry whole seconds: renewed within the sign-in's second, the token would be the same.
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    // The suite's tokens live an hour: 58 minutes on, the page renews it (two minutes ahead).
    const renewal = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/renew'), { timeout: 30_000 });
    await page.clock.fastForward('58:00');
    expect((await renewal).status()).toBe(200);
    const renewed = await eventually(async () => {
      const stored = await storedToken();
      expect(stored).not.toBe(first);
      return stored;
    }, 10_000);
    const me = await fetch(`${platform.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${renewed}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: dispatcher.email, role: 'dispatcher' });
    expect(await page.getByRole('form', { name: 'Sign in' }).count()).toBe(0);
    await page.getByText(`${dispatcher.email} ·`).waitFor();
    await page.getByTestId('connection').getByText('Live').waitFor({ timeout: 20_000 });
  });

  it('shows a new shipment on the board and then its breach alert, without a reload', async () => {
    const page = await browser.newPage();
    await page.goto(`${platform.baseUrl}/`);
    await signIn(page, dispatcher);
    await page.getByTestId('connection').getByText('Live').waitFor();
    await markDocument(page);

    const shipment = await aShipmentPromisedIn(3, { carrier: 'colissimo' });
    const row = page.locator(`[data-testid="shipment-row"][data-tracking-number="${shipment.trackingNumber}"]`);
    await row.waitFor({ timeout: 10_000 });
    await expectText(row, 'colissimo');

    const alert = page.getByTestId('alert').filter({ hasText: shipment.trackingNumber }).filter({ hasText: 'Breached' });
    await alert.waitFor({ timeout: 20_000 });
    await row.getByText('Breached').waitFor();
    expect(await stillSameDocument(page)).toBe(true);
    await screenshot(page, 'board');
    await expectAccessibleAndClean(page);
  });

  it('shows the customer a delay banner once the promise is breached, live and in French too', async () => {
    // Time enough for the page to load before the promise passes, even on a busy machine.
    const shipment = await aShipmentPromisedIn(8);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'en-GB' });
    await page.goto(`${platform.baseUrl}/t/${shipment.trackingNumber}?token=${shipment.trackingToken}`);
    await page.getByTestId('tracking-status').waitFor();
    expect(await page.getByTestId('delay-banner').count()).toBe(0);
    expect(Date.now()).toBeLessThan(Date.parse(shipment.promisedBy)); // no banner yet because the promise still holds
    await markDocument(page);

    const banner = page.locator('[data-testid="delay-banner"][data-delay="late"]');
    await banner.waitFor({ timeout: 20_000 });
    await expectText(banner, 'Your parcel is late');
    expect(await stillSameDocument(page)).toBe(true);
    await screenshot(page, 'tracking');

    await expectAccessibleAndClean(page);

    await page.getByRole('button', { name: 'Français' }).click();
    await expectText(banner, 'Votre colis est en retard');
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('fr');
    await screenshot(page, 'tracking-fr');
    await expectAccessibleAndClean(page);
  });

  it('lets the customer turn off one kind of message, then all of them, from the link in a message', async () => {
    const shipment = await aShipmentPromisedIn(600);
    const address = 'ada@example.com';
    const token = optOutTokenFor(address, TEST_TOKEN_SECRET);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'fr-FR' });
    await page.goto(`${platform.baseUrl}/t/${shipment.trackingNumber}?token=${shipment.trackingToken}&address=${address}&ptoken=${token}`);
    const choices = page.getByTestId('notification-choices');
    await choices.getByLabel('En cours de livraison').uncheck();
    await choices.getByRole('button', { name: 'Enregistrer mes choix' }).click();
    await choices.getByText('Enregistré').waitFor();
    const preferences = () => fetch(`${platform.baseUrl}/api/v1/notifications/preferences?address=${address}&token=${token}`).then((r) => r.json());
    expect(await preferences()).toMatchObject({ optedOut: false, optedOutKinds: ['out_for_delivery'] });

    await choices.getByLabel('Ne plus recevoir de messages pour mes colis').check();
    await choices.getByRole('button', { name: 'Enregistrer mes choix' }).click();
    await eventually(async () => expect(await preferences()).toMatchObject({ optedOut: true }), 5_000);
    await expectAccessibleAndClean(page);
  });

  it('tells a customer with a wrong token the same as one with an unknown number', async () => {
    const shipment = await aShipmentPromisedIn(600);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(`${platform.baseUrl}/t/${shipment.trackingNumber}?token=not-the-token`);
    await page.getByText('We could not find this parcel').waitFor();
    await page.goto(`${platform.baseUrl}/t/WB000000000000?token=${shipment.trackingToken}`);
    await page.getByText('We could not find this parcel').waitFor();
  });

  it('downloads from the report page the same breach CSV the API serves', async () => {
    const breached = await aShipmentPromisedIn(2, { carrier: 'dpd' });
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString();
    const api = `${platform.baseUrl}/api/v1/sla/breaches?from=${today}T00:00:00.000Z&to=${tomorrow}&format=csv`;
    await eventuallyContains(api, admin, breached.trackingNumber);

    const page = await browser.newPage();
    await page.goto(`${platform.baseUrl}/reports?from=${today}&to=${today}`);
    await signIn(page, ops);
    await page.getByTestId('breach-table').getByText(breached.trackingNumber).waitFor({ timeout: 10_000 });
    await page.getByTestId('on-time-chart').waitFor();
    await page.getByTestId('breakdown-carrier').getByText('dpd').waitFor();
    await screenshot(page, 'reports');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    const downloaded = readFileSync((await download.path())!, 'utf8');
    const served = await (await fetch(api, { headers: admin })).text();
    expect(download.suggestedFilename()).toBe(`sla-breaches-${today}-to-${today}.csv`);
    expect(downloaded).toBe(served);
    expect(downloaded.split('\r\n')[0]).toMatch(/^shipmentId,trackingNumber,/);
    expect(downloaded).toContain(breached.trackingNumber);
    await expectAccessibleAndClean(page);
  });
});

/**
 * axe-core (WCAG 2.1 A/AA and best practices) finds nothing serious or critical on the page as
 * it is now, live data included; and the page logged no error: no script error, no failed
 * request, nothing refused by its Content-Security-Policy.
 */
async function expectAccessibleAndClean(page: Page, expectedStatuses: number[] = []): Promise<void> {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(errorsOf(page, expectedStatuses)).toEqual([]);
}

async function expectText(locator: { textContent(): Promise<string | null> }, text: string): Promise<void> {
  await eventually(async () => expect(await locator.textContent()).toContain(text), 5_000);
}

async function eventuallyContains(url: string, headers: Record<string, string>, text: string): Promise<void> {
  await eventually(async () => expect(await (await fetch(url, { headers })).text()).toContain(text), 20_000, 250);
}
