// Debian's Chromium driven by playwright-core, against the real server of a TestSystem.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { STAFF_PASSWORD } from './system.js';
import { csrfFor, CSRF_COOKIE, SESSION_COOKIE } from '../../src/http/auth.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = 'docs/screenshots';

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Watched { page: Page; context: BrowserContext; errors: string[] }

/** A page whose console errors and uncaught exceptions are collected, to assert there are none. */
export async function openPage(browser: Browser, baseURL: string, opts: { mobile?: boolean; lang?: 'zh' | 'en' } = {}): Promise<Watched> {
  const context = await browser.newContext({
    baseURL,
    viewport: opts.mobile ? { width: 390, height: 844 } : { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    isMobile: !!opts.mobile,
    hasTouch: !!opts.mobile,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  if (opts.lang === 'en') await context.addInitScript(() => localStorage.setItem('jsjb.lang', 'en'));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, context, errors };
}

export async function shot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/** Signs a staff member in through the login page, as a person does. */
export async function signIn(p: Page, username: string, password = STAFF_PASSWORD) {
  await p.goto('/staff/login');
  await p.getByLabel('用户名').fill(username);
  await p.getByLabel('密码').fill(password);
  await p.locator('button[type=submit]').click();
  await p.getByTestId('staff-user').waitFor();
}

/**
 * Puts a session that a test made through the API (a verified citizen's token) into the browser, as
 * the server's sign-in would: the HttpOnly session cookie and its csrf cookie.
 */
export async function useSession(context: BrowserContext, baseURL: string, token: string) {
  await context.addCookies([
    { name: SESSION_COOKIE, value: token, url: baseURL, httpOnly: true, sameSite: 'Strict' },
    { name: CSRF_COOKIE, value: csrfFor(token), url: baseURL, sameSite: 'Strict' },
  ]);
}
