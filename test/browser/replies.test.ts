// Replies worth reading in the browser: the center's templates page, the officer's template picker
// at the feedback step (a blank left is refused), the dispatcher publishing a consented case with a
// preview, and the public list of typical cases on the citizen's phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestSystem, staff, citizen, idNumber, type TestSystem } from '../helpers/system.js';
import { launch, openPage, shot, signIn, useSession } from '../helpers/browser.js';

let t: TestSystem;
let browser: Browser;
let dispatcher: string, reviewer: string, officer: string, writer: string;
let signedCase: number;
let closedCase: { id: number; number: string };
let reviewedNumber: string;

async function step(id: number, action: string, body: unknown, token: string) {
  const r = await t.api.post(`/api/cases/${id}/${action}`, body, token);
  if (r.status >= 300) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
}

beforeAll(async () => {
  t = await startTestSystem();
  browser = await launch();
  dispatcher = await staff(t, 'b-disp', ['dispatcher'], 'center', '张调度');
  reviewer = await staff(t, 'b-rev', ['reviewer'], 'center', '李审核');
  officer = await staff(t, 'b-off', ['officer'], 'futian-branch', '赵民警');
  writer = await citizen(t, '13500135001', '张伟', idNumber('44030419900101123'));
  const letter = (title: string) => ({
    type: 'complaint', category: 'public_order', title,
    content: '我叫张伟，手机13800138000。我家住福田区某某小区3栋2单元501室，邻居王小明（电话13700137000）每晚开着粤B·D12345在楼下飙车，噪音扰民。',
    address: '福田区某某小区3栋2单元501室',
  });
  const mk = async (title: string) => (await t.api.post('/api/letters', letter(title), writer)).body as { id: number; number: string };
  const a = await mk('夜间飙车噪音');
  await step(a.id, 'dispatch', { unitCode: 'futian-branch' }, dispatcher);
  await step(a.id, 'sign', undefined, officer);
  signedCase = a.id;
  for (const [i, close] of [[0, true], [1, false]] as const) {
    const c = await mk(i === 0 ? '张伟反映夜间飙车' : '楼下飙车扰民');
    await step(c.id, 'dispatch', { unitCode: 'futian-branch' }, dispatcher);
    await step(c.id, 'sign', undefined, officer);
    await step(c.id, 'report', { outcome: 'resolved', content: '张先生您好，经民警核查，已对邻居王小明（13700137000）批评教育，并在某某小区3栋增设巡逻点位。' }, officer);
    await step(c.id, 'review', { approve: true }, reviewer);
    if (close) {
      await t.api.post(`/api/letters/${c.number}/rating`, { resolved: true, satisfaction: 'satisfied', consentToPublish: true }, writer);
      await step(c.id, 'callback', { reached: true, resolved: true, satisfaction: 'satisfied' }, reviewer);
      closedCase = c;
    } else {
      reviewedNumber = c.number;
    }
  }
}, 120_000);
afterAll(async () => { await browser?.close(); await t?.close(); });

describe('response templates', () => {
  it('the administrator sees and edits them, with the placeholders explained', async () => {
    const w = await openPage(browser, t.url);
    const p = w.page;
    await signIn(p, 'admin', (await import('../helpers/system.js')).ADMIN_PASSWORD);
    await p.goto('/staff/admin/templates');
    await p.getByTestId('template-placeholder-help').waitFor();
    await p.locator('[data-testid^=template-]').filter({ hasText: '治安管理·噪音扰民' }).first().waitFor();
    await shot(p, 'admin-templates');
    await p.getByTestId('create-template').click();
    await p.getByTestId('template-title').fill('浏览器测试模板');
    await p.getByTestId('modal-ok').click();
    await p.locator('[data-testid^=template-]').filter({ hasText: '浏览器测试模板' }).first().waitFor();
    expect(w.errors, w.errors.join('\n')).toEqual([]);
    await w.context.close();
  });

  it('the officer picks one at the feedback step; a blank left is refused, a filled one goes', async () => {
    const w = await openPage(browser, t.url);
    const p = w.page;
    await signIn(p, 'b-off');
    await p.goto(`/staff/cases/${signedCase}`);
    await p.getByTestId('action-feedback').click();
    await p.getByTestId('template-select').click();
    await p.locator('.ant-select-item-option').filter({ hasText: '治安管理·已到场核查' }).first().click();
    const box = p.getByTestId('feedback-content');
    await expect.poll(() => box.inputValue()).toContain('张先生：您好！');
    expect(await box.inputValue()).toContain('【请填写：办理情况】');
    await p.getByTestId('template-blanks').waitFor();
    await p.locator('.ant-select-dropdown').waitFor({ state: 'hidden' }).catch(() => {});
    await shot(p, 'case-feedback-template');
    await p.getByTestId('modal-ok').click();
    await p.getByTestId('action-error').waitFor();
    expect(await p.getByTestId('action-error').innerText()).toContain('请填写');
    await box.fill((await box.inputValue()).replace('【请填写：办理情况】', '民警已到场，噪音已停止'));
    await p.getByTestId('modal-ok').click();
    await p.getByTestId('action-error').waitFor({ state: 'detached' });
    // The error clears when the second try starts; the feedback is there once the request has answered.
    await expect.poll(async () => (await t.api.get(`/api/cases/${signedCase}`, dispatcher)).body.events.at(-1).action, { timeout: 15_000 }).toBe('feedback');
    const events = (await t.api.get(`/api/cases/${signedCase}`, dispatcher)).body.events;
    expect(events.at(-1)).toMatchObject({ action: 'feedback' });
    expect(events.at(-1).data.content).toContain('民警已到场，噪音已停止');
    // The refused first try is the one 400 the console may show.
    const errors = w.errors.filter((e) => !/status of 400/.test(e));
    expect(errors, errors.join('\n')).toEqual([]);
    await w.context.close();
  });
});

describe('typical cases', () => {
  it('the dispatcher previews the anonymised text and publishes a consented, closed case', async () => {
    const w = await openPage(browser, t.url);
    const p = w.page;
    await signIn(p, 'b-disp');
    await p.goto(`/staff/cases/${closedCase.id}`);
    await p.getByTestId('publish-card').waitFor();
    await p.getByTestId('publish-open').click();
    const text = p.getByTestId('publish-text');
    await expect.poll(() => text.inputValue()).toContain('【来信】');
    const draft = await text.inputValue();
    for (const s of ['张伟', '王小明', '13800138000', '13700137000', '粤B·D12345', '3栋', '501室']) expect(draft).not.toContain(s);
    expect(await p.getByTestId('publish-title').inputValue()).toBe('来信人反映夜间飙车');
    await p.getByTestId('publish-title').fill('夜间飙车扰民的处置');
    await shot(p, 'case-publish-preview');
    await p.getByTestId('modal-ok').click();
    await p.getByTestId('publish-withdraw').waitFor();
    expect((await t.api.get('/api/typical-cases')).body).toHaveLength(1);
    expect(w.errors, w.errors.join('\n')).toEqual([]);
    await w.context.close();
  });

  it('the public reads it on a phone, without signing in, reached from the FAQ page', async () => {
    const w = await openPage(browser, t.url, { mobile: true });
    const p = w.page;
    await p.goto('/h5/faq');
    await p.getByTestId('faq-typical-link').click();
    await p.getByTestId('typical-list').locator('article').first().waitFor();
    const shown = await p.getByTestId('typical-list').innerText();
    expect(shown).toContain('夜间飙车扰民的处置');
    for (const s of ['张伟', '王小明', '13800138000', '粤B·D12345', '3栋', '501室']) expect(shown).not.toContain(s);
    await shot(p, 'citizen-typical-cases');
    expect(w.errors, w.errors.join('\n')).toEqual([]);
    await w.context.close();
  });

  it('the writer is asked for consent clearly when rating', async () => {
    const w = await openPage(browser, t.url, { mobile: true });
    await useSession(w.context, t.url, writer);
    const p = w.page;
    await p.goto(`/h5/letters/${reviewedNumber}`);
    await p.getByTestId('rating-form').waitFor();
    const form = await p.getByTestId('rating-form').innerText();
    expect(form).toContain('同意将本案匿名后作为典型案例公开');
    expect(form).toContain('不勾选则不会公开');
    await p.getByTestId('rating-form').screenshot({ path: 'docs/screenshots/citizen-rating-consent.png' });
    expect(w.errors, w.errors.join('\n')).toEqual([]);
    await w.context.close();
  });
});
