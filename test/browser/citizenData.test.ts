// A citizen's own personal data in the browser (issue 7), on a 390 px phone: they download everything
// held about them from 我的来信, are refused deletion while a letter is being handled (the refusal names
// it), and once it is closed delete their personal data, see how many letters were anonymised and are
// signed out — their old session dead on the server. The section and its confirmation in English too.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestSystem, staff, citizen, lastCode, idNumber, type TestSystem } from '../helpers/system.js';
import { launch, openPage, shot, useSession, SCREENSHOTS } from '../helpers/browser.js';
import { SESSION_COOKIE } from '../../src/http/auth.js';

let t: TestSystem;
let browser: Browser;
let dispatcher: string, officer: string, reviewer: string;

beforeAll(async () => {
  t = await startTestSystem();
  browser = await launch();
  dispatcher = await staff(t, 'd-disp', ['dispatcher'], 'center', '调度员');
  officer = await staff(t, 'd-off', ['officer'], 'futian-branch', '福田民警');
  reviewer = await staff(t, 'd-rev', ['reviewer'], 'center', '审核员');
});
afterAll(async () => { await browser?.close(); await t?.close(); });

async function ok(p: Promise<{ status: number; body: any }>, what: string) {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

/** Dispatch to 福田, sign, contact, feedback, report, review and callback: closed (as test/api/citizenData.test.ts). */
async function handleToClose(id: number) {
  const { api } = t;
  await ok(api.post(`/api/cases/${id}/dispatch`, { unitCode: 'futian-branch' }, dispatcher), 'dispatch');
  await ok(api.post(`/api/cases/${id}/sign`, undefined, officer), 'sign');
  await ok(api.post(`/api/cases/${id}/contact`, { method: 'phone', outcome: 'reached', note: '已联系来信人' }, officer), 'contact');
  await ok(api.post(`/api/cases/${id}/feedback`, { content: '民警已到现场核查，正在协调处理。' }, officer), 'feedback');
  await ok(api.post(`/api/cases/${id}/report`, { outcome: 'resolved', content: '已到现场处置完毕。' }, officer), 'report');
  await ok(api.post(`/api/cases/${id}/review`, { approve: true, note: '同意' }, reviewer), 'review');
  await ok(api.post(`/api/cases/${id}/callback`, { reached: true, resolved: true, satisfaction: 'satisfied', note: '已回访' }, reviewer), 'callback');
}

describe('my personal data on a 390 px phone', { timeout: 120_000 }, () => {
  it('downloads the export, is refused deletion while a letter is open, then deletes and is signed out', async () => {
    const PHONE = '13800138111';
    const w = await openPage(browser, t.url, { mobile: true });
    const p = w.page;
    p.on('dialog', (d) => { w.errors.push(`dialog: ${d.message()}`); void d.dismiss(); });

    // Verified on the phone, as in the loop: phone, code from the recorded message, name, ID number.
    await p.goto('/h5/mine');
    await p.getByTestId('phone').fill(PHONE);
    await p.getByTestId('send-code').click();
    await expect.poll(async () => (await t.api.get(`/api/admin/messages?to=${PHONE}`, t.adminToken)).body.length).toBeGreaterThan(0);
    await p.getByTestId('code').fill(await lastCode(t, PHONE));
    await p.getByTestId('name').fill('周晓梅');
    await p.getByTestId('id-number').fill(idNumber('44030419880612004'));
    await p.getByTestId('verify-submit').click();
    await p.getByTestId('my-data').waitFor();
    const token = (await w.context.cookies()).find((c) => c.name === SESSION_COOKIE)!.value;
    expect(token).toBeTruthy();

    // A letter written with the browser's session.
    const letter = (await ok(t.api.post('/api/letters', {
      type: 'complaint', category: 'public_order', title: '小区门口夜间摊贩噪音',
      content: '福田区景田北小区门口夜间摊贩吆喝到凌晨，影响居民休息，请处理。', address: '福田区景田北',
    }, token), 'write')).body as { id: number; number: string };
    await p.reload();
    await p.getByTestId(`letter-${letter.number}`).waitFor();
    await p.getByTestId('my-data').scrollIntoViewIfNeeded();
    await shot(p, 'citizen-my-data');

    // 下载我的数据: a JSON file under the server's name, with their letter and their phone.
    const [dl] = await Promise.all([p.waitForEvent('download'), p.getByTestId('export-my-data').click()]);
    expect(dl.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const doc = JSON.parse(await readFile((await dl.path())!, 'utf8'));
    expect(doc.profile).toMatchObject({ phone: PHONE, name: '周晓梅' });
    expect(doc.letters.map((l: any) => l.number)).toEqual([letter.number]);
    await expect.poll(() => p.getByTestId('export-done').innerText()).toContain(dl.suggestedFilename());

    // 注销: the confirmation says what goes and what stays; refused while the letter is being handled.
    await p.getByTestId('delete-my-data').click();
    const modal = p.locator('.ant-modal-wrap:visible');
    await modal.getByTestId('delete-explain').waitFor();
    const explain = await modal.innerText();
    for (const s of ['姓名', '手机号码', '身份证号', '附件', '办理记录', '无法恢复', '办结']) expect(explain).toContain(s);
    await p.waitForTimeout(400); // the opening animation done
    // The phone's screen as it is (the dialog covers it; a full-page shot would add the page below).
    await p.screenshot({ path: `${SCREENSHOTS}/citizen-delete-confirm.png` });
    await modal.getByTestId('delete-confirm').click();
    await modal.waitFor({ state: 'hidden' });
    const refusal = await p.getByTestId('my-data-error').innerText();
    expect(refusal).toContain(letter.number);
    expect(refusal).toContain('尚未办结');
    expect((await t.api.get('/api/letters/mine', token)).status).toBe(200);

    // Closed by the staff; then the deletion goes through.
    await handleToClose(letter.id);
    expect((await t.api.get(`/api/cases/${letter.id}`, t.adminToken)).body.status).toBe('closed');
    await p.getByTestId('delete-my-data').click();
    await p.locator('.ant-modal-wrap:visible').getByTestId('delete-confirm').click();
    await expect.poll(() => p.getByTestId('delete-result').innerText()).toContain('已删除您的个人信息，共匿名化 1 件来信');
    await shot(p, 'citizen-data-deleted');

    // Signed out: no session cookie, no csrf hint, the old token dead; 我的来信 now asks to verify.
    expect((await w.context.cookies()).filter((c) => c.name === SESSION_COOKIE || c.name === 'csrf')).toEqual([]);
    expect((await t.api.get('/api/letters/mine', token)).status).toBe(401);
    await p.getByTestId('tab-mine').click();
    await p.waitForURL(/\/h5\/verify/);
    await p.getByTestId('phone').waitFor();

    // The refused deletion is the one failed request the console may show.
    expect(w.errors.filter((e) => /status of 409/.test(e))).toHaveLength(1);
    const errors = w.errors.filter((e) => !/status of 409/.test(e));
    expect(errors, errors.join('\n')).toEqual([]);
    await w.context.close();
  });

  it('the section and its confirmation show no Chinese in English mode, but the way back to 中文', async () => {
    const w = await openPage(browser, t.url, { mobile: true, lang: 'en' });
    await useSession(w.context, t.url, await citizen(t, '13800138112', '吴敏', idNumber('44030419900505006')));
    await w.page.goto('/h5/mine');
    await w.page.getByTestId('my-data').waitFor();
    await w.page.getByTestId('delete-my-data').click();
    await w.page.locator('.ant-modal-wrap:visible').getByTestId('delete-explain').waitFor();
    const text = (await w.page.locator('body').innerText()).replaceAll('中文', '');
    expect(text).toContain('Download my data');
    expect(text).toContain('This cannot be undone');
    expect(text.match(/[\u4e00-\u9fff]+/g) ?? []).toEqual([]);
    expect(w.errors, w.errors.join('\n')).toEqual([]);
    await w.context.close();
  });
});
