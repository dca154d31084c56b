import { DEMO_SLA_ENV } from '../../tools/demo/platform-process';
import { DemoSimulator } from '../../tools/demo/simulator';
import { ensureWebBuild } from '../../services/standalone/src/web/web-build';
import { errorsOf, launchBrowser, RunningBrowser, screenshot } from '../support/browser';
import { eventually } from '../support/eventually';
import { RunningPlatform, startPlatform } from '../support/platform';
import { createDatabase } from '../support/postgres';
import { StaffUsersService } from '@waybill/access';

jest.setTimeout(90_000);

/**
 * `npm run demo`'s promise to a newcomer: the simulator registers shipments and sends carrier
 * scans through the public API, and the board in the browser fills, moves and shows alerts
 * within 30 seconds, with the SLA clock the demo runs the platform with.
 */
describe('demo traffic on the dispatcher board', () => {
  const savedEnv: Record<string, string | undefined> = {};
  let database: { url: string; drop(): Promise<void> };
  let platform: RunningPlatform;
  let browser: RunningBrowser;
  let simulator: DemoSimulator;
  const dispatcher = { email: 'demo.dispatcher@waybill.example', password: 'demo-dispatcher-password' };

  beforeAll(async () => {
    for (const [key, value] of Object.entries(DEMO_SLA_ENV)) {
      savedEnv[key] = process.env[key];
      process.env[key] = value;
    }
    database = await createDatabase('web_demo');
    [platform, browser] = await Promise.all([startPlatform({ databaseUrl: database.url }), launchBrowser(), ensureWebBuild()]).then(
      ([p, b]) => [p, b] as const,
    );
    await platform.app.get(StaffUsersService, { strict: false }).upsert({ ...dispatcher, role: 'dispatcher' });
  }, 120_000);

  afterAll(async () => {
    await simulator?.stop();
    await browser?.close();
    await platform?.close();
    await database?.drop();
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('fills the board, moves shipments along and raises alerts within 30 seconds; filters narrow it', async () => {
    const page = await browser.newPage();
    await page.goto(`${platform.baseUrl}/`);
    const signIn = page.getByRole('form', { name: 'Sign in' });
    await signIn.getByLabel('Email').fill(dispatcher.email);
    await signIn.getByLabel('Password').fill(dispatcher.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('connection').getByText('Live').waitFor();

    const started = Date.now();
    // Its log (retries, refused requests) is printed by jest, so a failure says what went wrong.
    // The simulator holds what merchants' and carriers' systems would: an integration key.
    const credentials = await platform.integration(['shipments:write', 'scans:write']);
    simulator = new DemoSimulator({ baseUrl: platform.baseUrl, credentials, seed: 42, openingBurst: 20, shipmentsPerMinute: 60, log: (line) => console.log(line) });
    await simulator.start();

    // The table is virtualised: count what the board holds, not the rows in the DOM.
    const shown = async () => Number(await page.getByTestId('shipment-count').getAttribute('data-count'));
    await eventually(async () => expect(await shown()).toBeGreaterThanOrEqual(15), 15_000, 250);
    // Carriers' scans move parcels on: some row leaves "Registered" behind.
    await eventually(async () => {
      const statuses = await page.locator('[data-testid="shipment-row"] [role="cell"]:nth-child(2)').allTextContents();
      expect(statuses.some((status) => status !== 'Registered')).toBe(true);
    }, 30_000, 500);
    await page.getByTestId('alert').filter({ hasText: /Late|Breached/ }).first().waitFor({ timeout: 30_000 - (Date.now() - started) });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(simulator.stats.failedRequests).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await screenshot(page, 'board-demo');

    // A dispatcher narrows the board to one carrier (a feed of its own) and finds one parcel.
    await page.getByLabel('Carrier').selectOption('dhl');
    await eventually(async () => {
      const carriers = await page.locator('[data-testid="shipment-row"] [role="cell"]:nth-child(7)').allTextContents();
      expect(carriers.length).toBeGreaterThan(0);
      expect(new Set(carriers)).toEqual(new Set(['dhl']));
    }, 10_000, 250);
    const one = (await page.getByTestId('shipment-row').first().getAttribute('data-tracking-number'))!;
    await page.getByLabel('Tracking number').fill(one.slice(-6).toLowerCase());
    await eventually(async () => expect(await shown()).toBe(1), 5_000, 100);
    expect(await page.getByTestId('shipment-row').getAttribute('data-tracking-number')).toBe(one);
    await page.getByTestId('connection').getByText('Live').waitFor();
  });
});
