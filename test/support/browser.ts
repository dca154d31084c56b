import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './processes';

/** Debian's chromium (`apt-get install chromium`); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

const pageErrors = new WeakMap<Page, string[]>();

/** Uncaught errors and console errors the page logged (a CSP refusal shows up here). */
/**
 * What the page logged as errors. `expectedStatuses` lists HTTP statuses the test caused on
 * purpose (a refused sign-in answers 401, which Chromium logs as a failed resource load).
 */
export function errorsOf(page: Page, expectedStatuses: number[] = []): string[] {
  const expected = (error: string) => expectedStatuses.some((status) => error.includes(`status of ${status} `));
  return (pageErrors.get(page) ?? []).filter((error) => !expected(error));
}

export interface RunningBrowser {
  browser: Browser;
  /** A fresh context (own cookies and storage) for one page under test. */
  newPage(options?: { viewport?: { width: number; height: number }; locale?: string; isMobile?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * A real headless Chromium driven by playwright-core. Playwright gives it a fresh temporary
 * profile, and every page gets its own context, so nothing (cache, storage) leaks between them.
 */
export async function launchBrowser(): Promise<RunningBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1440, height: 900 },
        locale: options.locale ?? 'en-GB',
        isMobile: options.isMobile,
        hasTouch: options.isMobile,
        acceptDownloads: true,
      });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      pageErrors.set(page, errors);
      return page;
    },
    async close() {
      await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
      await browser.close();
    },
  };
}

/** Writes a full-page screenshot to test-results/screenshots/<name>.png (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core in the page (WCAG 2.x A and AA rules) and answers the serious and critical violations. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, so the page's Content-Security-Policy stays as served.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations: AxeViolation[] = await page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n: any) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
