// Each role sees only its own menus, in Chinese first, and the English switch changes the screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestSystem, staff, citizen, STAFF_PASSWORD, type TestSystem } from '../helpers/system.js';
import { launch, openPage, signIn, useSession } from '../helpers/browser.js';

let t: TestSystem;
let browser: Browser;

beforeAll(async () => {
  t = await startTestSystem();
  browser = await launch();
  await staff(t, 'disp', ['dispatcher'], 'center', '张调度');
  await staff(t, 'offi', ['officer'], 'longhua-branch', '龙华民警');
  await staff(t, 'view', ['viewer'], 'center', '王领导');
});
afterAll(async () => { await browser?.close(); await t?.close(); });

async function menuOf(username: string, password = STAFF_PASSWORD) {
  const w = await openPage(browser, t.url);
  await signIn(w.page, username, password);
  const items = (await w.page.getByTestId('staff-menu').getByRole('menuitem').allInnerTexts()).map((s) => s.trim());
  expect(w.errors, w.errors.join('\n')).toEqual([]);
  await w.context.close();
  return items;
}

describe('menus by role', () => {
  it('an officer has the workbench only; a dispatcher adds the console; a viewer has the dashboard; admin has all', async () => {
    expect(await menuOf('offi')).toEqual(['办理工作台']);
    expect(await menuOf('disp')).toEqual(['案件', '中心调度台', '数据看板']);
    expect(await menuOf('view')).toEqual(['数据看板']);
    expect(await menuOf('admin', 'Admin-Test-2026')).toEqual(['案件', '中心调度台', '数据看板', '系统管理']);
  });
});

describe('language', () => {
  it('Chinese first; the switch turns the landing page to English and back', async () => {
    const w = await openPage(browser, t.url);
    await w.page.goto('/');
    await expect.poll(() => w.page.locator('h2').innerText()).toBe('局长信箱 · 接诉即办');
    await w.page.getByTestId('lang-switch').click();
    await expect.poll(() => w.page.locator('h2').innerText()).toBe("Director's Mailbox");
    // Every visible string is English now, but the switch that leads back to 中文.
    const text = (await w.page.locator('body').innerText()).replace('中文', '');
    expect(text).not.toMatch(/[\u4e00-\u9fff]/);
    await w.page.getByTestId('lang-switch').click();
    await expect.poll(() => w.page.locator('h2').innerText()).toBe('局长信箱 · 接诉即办');
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

describe('English everywhere', () => {
  // Pages whose whole text comes from the front end (no Chinese data from letters or unit names).
  const pages: [string, boolean][] = [['/h5/verify', true], ['/h5/faq', true], ['/h5/stats', true], ['/staff/login', false]];
  for (const [path, mobile] of pages) {
    it(`${path} shows no Chinese in English mode, but the way back to 中文`, async () => {
      const w = await openPage(browser, t.url, { mobile, lang: 'en' });
      await w.page.goto(path);
      await w.page.getByTestId('lang-switch').first().waitFor();
      await w.page.waitForLoadState('networkidle');
      const text = (await w.page.locator('body').innerText()).replaceAll('中文', '');
      expect(text.match(/[\u4e00-\u9fff]+/g) ?? []).toEqual([]);
      expect(w.errors).toEqual([]);
      await w.context.close();
    });
  }
  it('the citizen letter form in English', async () => {
    const w = await openPage(browser, t.url, { mobile: true, lang: 'en' });
    await useSession(w.context, t.url, await citizen(t, '13300133011'));
    await w.page.goto('/h5/write');
    await w.page.getByTestId('type-complaint').waitFor();
    await w.page.waitForLoadState('networkidle');
    const text = (await w.page.locator('body').innerText()).replaceAll('中文', '');
    expect(text.match(/[\u4e00-\u9fff]+/g) ?? []).toEqual([]);
    await w.context.close();
  });
});
