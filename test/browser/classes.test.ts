// The center sees hot issues in the console and can start a special action from one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestSystem, staff, citizen, ADMIN_PASSWORD, type TestSystem } from '../helpers/system.js';
import { launch, openPage, shot, signIn, useSession } from '../helpers/browser.js';

let t: TestSystem;
let browser: Browser;

beforeAll(async () => {
  t = await startTestSystem();
  browser = await launch();
  await staff(t, 'disp', ['dispatcher'], 'center', '张调度');
  const w = await citizen(t, '13300133088');
  for (const content of [
    '南山区丽康路两侧长期违停，早晚高峰堵得走不动，请交警管一管。',
    '丽康路上天天有车乱停，占了一条车道，上下班特别堵。',
    '反映南山丽康路违章停车问题，路边停满了车，行人都没法走。',
    '丽康路违停严重，消防通道都被堵住了，太危险了。',
    '我的身份证丢了，想问一下补办需要带什么材料。',
  ]) await t.api.post('/api/letters', { type: 'complaint', category: content.includes('身份证') ? 'household' : 'traffic_order', title: content.slice(0, 10), content }, w);
});
afterAll(async () => { await browser?.close(); await t?.close(); });

describe('hot issues in the console', () => {
  it('lists the 丽康路 group and lets a dispatcher start a special action', async () => {
    const w = await openPage(browser, t.url);
    const p = w.page;
    await signIn(p, 'disp');
    await p.goto('/staff/console/hotspots');
    const row = p.locator('[data-testid^=hotspot-row-]').filter({ hasText: '丽康路' }).first();
    await row.waitFor();
    await shot(p, 'console-hotspots');
    await row.getByTestId('start-campaign').click();
    await p.getByTestId('campaign-unit').click();
    await p.keyboard.type('nanshan-traffic');
    await p.locator('.ant-select-item-option').filter({ hasText: 'nanshan-traffic' }).first().click();
    await p.getByTestId('campaign-submit').click();
    await p.getByTestId('campaign-created').waitFor({ timeout: 10_000 });
    await p.getByTestId('campaign-feedback').fill('已在丽康路施划停车泊位并加装电子警察。');
    await p.getByTestId('campaign-feedback-submit').click();
    await p.getByTestId('campaign-reached').waitFor({ timeout: 10_000 });
    expect((await t.sys.store.query<{ n: number }>('SELECT count(*) AS n FROM campaign_cases')).rows[0].n).toBeGreaterThanOrEqual(4);
    const sms = await t.api.get('/api/admin/messages?to=13300133088', t.adminToken);
    expect(sms.body.some((m: any) => m.text.includes('施划停车泊位'))).toBe(true);
    expect(w.errors, w.errors.join('\n')).toEqual([]);
    await w.context.close();
  });

  it('lists the special action in the 专项 tab and lets the dispatcher close it', async () => {
    const w = await openPage(browser, t.url);
    const p = w.page;
    await signIn(p, 'disp');
    await p.goto('/staff/console/campaigns');
    const row = p.locator('[data-testid^=campaign-row-]').filter({ hasText: '丽康路' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('进行中');
    await shot(p, 'console-campaigns');
    await row.locator('[data-testid^=campaign-close-]').click();
    await p.getByTestId('campaign-close-confirm').click();
    await row.getByText('已结束').waitFor({ timeout: 10_000 });
    expect((await t.sys.store.query<{ status: string }>('SELECT status FROM campaigns')).rows.map((r) => r.status)).toEqual(['closed']);
    expect(w.errors, w.errors.join('\n')).toEqual([]);
    await w.context.close();
  });

  it('suggests an FAQ entry from recurring answered consultations, and the admin adopts it', async () => {
    const rev = await staff(t, 'rev', ['reviewer'], 'center');
    const hh = await staff(t, 'hh', ['officer'], 'household');
    const disp = (await t.api.post('/api/auth/login', { username: 'disp', password: 'Staff-Test-2026' })).body.token;
    const w = await citizen(t, '13300133077', '钱多多');
    for (const [title, content] of [
      ['身份证到期换领需要什么材料', '我的身份证下个月就到期了，请问换领新身份证需要带什么材料？'],
      ['身份证过期了怎么换领', '身份证已经过期了，想问一下换领身份证要准备哪些材料？'],
      ['换领身份证要带什么', '身份证快到期了，换领新证需要哪些材料和照片？'],
    ]) {
      const id = (await t.api.post('/api/letters', { type: 'consult', category: 'household', title, content }, w)).body.id;
      await t.api.post(`/api/cases/${id}/dispatch`, { unitCode: 'household' }, disp);
      await t.api.post(`/api/cases/${id}/sign`, undefined, hh);
      await t.api.post(`/api/cases/${id}/report`, { outcome: 'explained', content: '钱多多您好，请本人携带原身份证到派出所户政窗口换领，20个工作日内可领取。' }, hh);
      await t.api.post(`/api/cases/${id}/review`, { approve: true }, rev);
    }
    const page = await openPage(browser, t.url);
    const p = page.page;
    await signIn(p, 'admin', ADMIN_PASSWORD);
    await p.goto('/staff/admin/faq');
    const row = p.locator('[data-testid^=faq-suggestion-]').first();
    await row.waitFor();
    expect(await row.innerText()).not.toContain('钱多多');
    await shot(p, 'admin-faq-suggestions');
    await row.getByTestId('faq-adopt').click();
    expect(await p.getByTestId('faq-answer').inputValue()).toBe('来信人您好，请本人携带原身份证到派出所户政窗口换领，20个工作日内可领取。');
    await p.getByTestId('modal-ok').click();
    await p.getByTestId('faq-suggestions').getByText('暂无建议').waitFor({ timeout: 10_000 });
    expect((await t.api.get('/api/faq?q=身份证到期换领')).body[0].answer).toContain('来信人您好');
    expect(page.errors, page.errors.join('\n')).toEqual([]);
    await page.context.close();
  });

  it('a writer about to send sees that the problem is already being handled, without anyone else’s words', async () => {
    const token = await citizen(t, '13300133099', '赵新');
    const w = await openPage(browser, t.url, { mobile: true });
    await useSession(w.context, t.url, token);
    const p = w.page;
    await p.goto('/h5/write');
    await p.getByTestId('type-complaint').click();
    await p.getByTestId('category-traffic_order').click();
    await p.getByTestId('next-step').click();
    await p.getByTestId('title').fill('丽康路违停');
    await p.getByTestId('content').fill('丽康路两边天天有车违停，早上堵得很厉害。');
    await p.getByTestId('next-step').click();
    const box = p.getByTestId('similar-reported');
    await box.waitFor({ timeout: 10_000 });
    const text = await box.innerText();
    expect(text).toContain('交通秩序');
    expect(text).not.toContain('消防通道'); // another writer's words
    await shot(p, 'citizen-similar');
    expect(w.errors, w.errors.join('\n')).toEqual([]);
    await w.context.close();
  });
});
