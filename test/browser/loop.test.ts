// The whole loop in the browser, as people do it: a citizen on a 390 px phone, the dispatcher,
// the officer, the reviewer on desktop, the citizen again, and the dashboard. Screenshots of each
// main screen go to docs/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { startTestSystem, staff, lastCode, idNumber, type TestSystem } from '../helpers/system.js';
import { launch, openPage, shot, signIn, type Watched } from '../helpers/browser.js';

let t: TestSystem;
let browser: Browser;
const XSS = '<img src=x onerror="window.__xss=1">噪音';
const opened: Watched[] = [];

beforeAll(async () => {
  t = await startTestSystem();
  browser = await launch();
  await staff(t, 'disp', ['dispatcher'], 'center', '张调度');
  await staff(t, 'rev', ['reviewer'], 'center', '李审核');
  await staff(t, 'futian', ['officer'], 'futian-branch', '福田民警');
  await staff(t, 'boss', ['viewer'], 'center', '王领导');
});
afterAll(async () => {
  // No page showed a console error, and the XSS payload never ran.
  for (const w of opened) {
    expect(w.errors, w.errors.join('\n')).toEqual([]);
    expect(await w.page.evaluate(() => (window as any).__xss)).toBeUndefined();
  }
  await browser?.close();
  await t?.close();
});

async function page(opts: { mobile?: boolean } = {}) {
  const w = await openPage(browser, t.url, opts);
  w.page.on('dialog', (d) => { w.errors.push(`dialog: ${d.message()}`); void d.dismiss(); });
  opened.push(w);
  return w.page;
}

async function act(p: Page, action: string, fill?: (p: Page) => Promise<void>) {
  try {
    await p.getByTestId(`action-${action}`).click({ timeout: 10_000 });
    const modal = p.locator('.ant-modal-wrap:visible');
    await modal.waitFor({ timeout: 10_000 });
    if (fill) await fill(p);
    await modal.getByTestId('modal-ok').click({ timeout: 10_000 });
    await modal.waitFor({ state: 'hidden', timeout: 10_000 });
  } catch (e) {
    await shot(p, `failed-${action}.tmp`);
    throw e;
  }
}

let number = '';
let caseId = 0;

describe('the loop in the browser', { timeout: 90_000 }, () => {
  it('a citizen verifies and writes a letter with a photo on a 390 px phone', async () => {
    const p = await page({ mobile: true });
    await p.goto('/h5/write');
    await p.getByTestId('phone').waitFor();
    await shot(p, 'citizen-verify');
    await p.getByTestId('phone').fill('13800138088');
    await p.getByTestId('send-code').click();
    await expect.poll(async () => (await t.api.get('/api/admin/messages?to=13800138088', t.adminToken)).body.length).toBeGreaterThan(0);
    await p.getByTestId('code').fill(await lastCode(t, '13800138088'));
    await p.getByTestId('name').fill('林小雨');
    await p.getByTestId('id-number').fill(idNumber('44030419920315002'));
    await p.getByTestId('verify-submit').click();

    await p.getByTestId('type-complaint').click();
    await p.getByTestId('category-public_order').click();
    await shot(p, 'citizen-write-1');
    await p.getByTestId('next-step').click();
    await p.getByTestId('title').fill(XSS);
    await p.getByTestId('content').fill('福田区香蜜湖某酒吧每晚凌晨两点仍播放高音量音乐，严重影响周边居民休息。');
    await p.getByTestId('address').fill('深圳市福田区香蜜湖街道');
    await p.getByTestId('next-step').click();
    const png = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#3a6' } }).png().toBuffer();
    await p.getByTestId('photo-input').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: png });
    await p.getByTestId('photo-item').first().waitFor();
    await shot(p, 'citizen-write-3');
    await p.getByTestId('send-letter').click();
    await p.getByTestId('letter-number').waitFor();
    number = (await p.getByTestId('letter-number').innerText()).match(/JB\d+/)![0];
    await shot(p, 'citizen-done');
    const list = await t.api.get(`/api/cases?q=${number}`, t.adminToken);
    caseId = list.body.items[0].id;
    const c = await t.api.get(`/api/cases/${caseId}`, t.adminToken);
    expect(c.body.title).toBe(XSS);
    expect(c.body.attachments).toHaveLength(1);
  });

  it('the dispatcher dispatches it from the triage queue, as suggested', async () => {
    const p = await page();
    await signIn(p, 'disp');
    await p.goto('/staff/console/triage');
    await p.getByTestId(`case-row-${caseId}`).waitFor();
    await shot(p, 'console-triage');
    await p.getByTestId(`case-row-${caseId}`).click();
    // The title is shown as text, not as markup.
    await expect.poll(() => p.getByTestId('case-title').innerText()).toContain('<img src=x');
    await act(p, 'dispatch', async () => {
      // The suggested unit is filled in for the dispatcher.
      await p.locator('.ant-modal-wrap:visible').getByText('福田区分局 (futian-branch)').waitFor({ timeout: 10_000 });
    });
    await expect.poll(async () => (await t.api.get(`/api/cases/${caseId}`, t.adminToken)).body.unitCode).toBe('futian-branch');
  });

  it('the officer signs, records contact, gives feedback and reports', async () => {
    const p = await page();
    await signIn(p, 'futian');
    await p.getByTestId(`case-row-${caseId}`).waitFor();
    await shot(p, 'workbench');
    await p.getByTestId(`case-row-${caseId}`).click();
    await p.getByTestId('action-sign').click(); // one click, no form
    await p.getByTestId('action-contact').waitFor();
    await act(p, 'contact', async () => {
      await p.getByLabel('电话').check();
      await p.getByLabel('已联系上').check();
      await p.getByTestId('contact-note').fill('已电话联系来信人，了解噪音时段。');
    });
    await act(p, 'feedback', async () => { await p.getByTestId('feedback-content').fill('已责令该酒吧整改，并安排夜间巡查。'); });
    await act(p, 'report', async () => {
      await p.getByTestId('report-outcome').click();
      await p.locator('.ant-select-item-option').filter({ hasText: '已解决' }).click();
      await p.getByTestId('report-content').fill('经查，该酒吧已安装隔音设施并调整营业时间，噪音问题已解决。');
    });
    await p.getByTestId('show-phone').click();
    await expect.poll(() => p.getByTestId('writer-phone').innerText()).toContain('13800138088');
    await shot(p, 'case-page');
    expect((await t.api.get(`/api/cases/${caseId}`, t.adminToken)).body.status).toBe('reported');
  });

  it('the reviewer approves and calls back', async () => {
    const p = await page();
    await signIn(p, 'rev');
    await p.goto(`/staff/cases/${caseId}`);
    await act(p, 'review', async () => { await p.getByLabel('审核通过').check(); });
    await act(p, 'callback', async () => {
      await p.getByLabel('已联系上').check();
      await p.getByLabel('是', { exact: true }).check();
      await p.getByTestId('callback-satisfaction').getByLabel('满意', { exact: true }).check();
    });
    await expect.poll(async () => (await t.api.get(`/api/cases/${caseId}`, t.adminToken)).body.status).toBe('closed');
  });

  it('the citizen sees the timeline, rates it and sends thanks', async () => {
    const p = opened[0].page;
    await p.goto(`/h5/letters/${number}`);
    await p.getByTestId('timeline').waitFor();
    await expect.poll(() => p.getByTestId('timeline').innerText()).toContain('已责令该酒吧整改');
    expect(await p.getByTestId('timeline').innerText()).not.toContain('已电话联系来信人'); // internal note
    await p.getByTestId('resolved-yes').click();
    await p.getByTestId('satisfaction-satisfied').click();
    await p.getByTestId('rate-submit').click();
    await p.getByTestId('rated').waitFor();
    if (await p.getByTestId('thanks-open').isVisible()) await p.getByTestId('thanks-open').click();
    await p.getByTestId('thanks-content').fill('感谢福田分局民警的高效处理，现在终于能睡个好觉了！');
    await p.getByTestId('thanks-submit').click();
    await p.getByTestId('thanks-sent').waitFor();
    await shot(p, 'citizen-letter');
  });

  it('the dashboard’s figures change accordingly', async () => {
    const p = await page();
    await signIn(p, 'boss');
    await p.goto('/staff/dashboard');
    await p.getByTestId('stat-received').waitFor();
    await expect.poll(() => p.getByTestId('stat-received').innerText(), { timeout: 10_000 }).toContain('1');
    await expect.poll(() => p.getByTestId('stat-thanks').innerText()).toContain('1');
    await expect.poll(() => p.getByTestId('stat-satisfactionRate').innerText()).toContain('100');
    await p.getByTestId('unit-ranking').waitFor();
    // The month's reply quality of the unit that answered (the officer's feedback and report were checked).
    await expect.poll(() => p.getByTestId('unit-ranking').innerText()).toContain('答复质量');
    const futian = p.getByTestId('unit-ranking').locator('tr', { hasText: '福田区分局' });
    await expect.poll(async () => /\b\d{1,3}\b/.test((await futian.locator('td').nth(7).innerText()).trim())).toBe(true);
    await shot(p, 'dashboard');
  });

  it('the dispatcher finds every letter of the writer by mobile number, and the lookup is in the trail', async () => {
    const p = await page();
    await signIn(p, 'disp');
    await p.goto('/staff/workbench');
    await p.getByTestId('filter-q').locator('input').fill('138 0013 8088');
    await p.getByTestId('filter-q').locator('input').press('Enter');
    await p.getByTestId('by-phone').waitFor();
    expect(await p.getByTestId('by-phone').innerText()).toContain('13800138088');
    await p.getByTestId(`case-row-${caseId}`).waitFor();
    await shot(p, 'workbench-by-phone');
    await expect.poll(async () => (await t.sys.store.query("SELECT count(*)::int AS n FROM case_events WHERE action = 'writer_searched'")).rows[0].n).toBe(1);
  });
});
