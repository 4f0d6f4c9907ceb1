// The browser's session as a person meets it: signed in by an HttpOnly cookie that no script can
// read (nothing in localStorage or sessionStorage), surviving a reload, ended by signing out; the
// second factor asked for on the sign-in page; and the content security policy blocking nothing
// that the screens or /docs need.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestSystem, staff, STAFF_PASSWORD, type TestSystem } from '../helpers/system.js';
import { launch, openPage, signIn } from '../helpers/browser.js';
import { stepAt, totpAt } from '../../src/domain/totp.js';

let t: TestSystem;
let browser: Browser;

beforeAll(async () => {
  t = await startTestSystem();
  browser = await launch();
  await staff(t, 'sess_disp', ['dispatcher'], 'center', '赵调度');
});
afterAll(async () => { await browser?.close(); await t?.close(); });

describe('the staff session in the browser', () => {
  it('lives in an HttpOnly cookie, not in script-readable storage; survives a reload; ends with sign-out', async () => {
    const w = await openPage(browser, t.url);
    const p = w.page;
    await signIn(p, 'sess_disp');
    const cookies = await w.context.cookies();
    const session = cookies.find((c) => c.name === 'jsjb_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookies.find((c) => c.name === 'csrf')).toMatchObject({ httpOnly: false, sameSite: 'Strict' });
    const seen = await p.evaluate(() => ({
      cookie: document.cookie,
      stored: [...Object.values(localStorage), ...Object.values(sessionStorage)].join('\n'),
    }));
    expect(seen.cookie).not.toContain('jsjb_session');
    expect(seen.stored).not.toContain(session.value);
    await p.reload();
    await p.getByTestId('staff-user').waitFor();
    expect(await p.getByTestId('staff-user').innerText()).toBe('赵调度');
    await p.getByRole('button', { name: /^退\s*出$/ }).click();
    await p.locator('button[type=submit]').waitFor();
    expect((await w.context.cookies()).filter((c) => c.name === 'jsjb_session' || c.name === 'csrf')).toEqual([]);
    // The ended session is gone on the server too.
    expect((await t.api.get('/api/auth/me', session.value)).status).toBe(401);
    await p.goto('/staff/workbench');
    await p.locator('button[type=submit]').waitFor();
    expect(w.errors, w.errors.join('\n')).toEqual([]);
    await w.context.close();
  });

  it('asks for the dynamic code of an account with TOTP, then signs in', async () => {
    const token = await staff(t, 'sess_totp', ['officer'], 'futian-branch', '钱民警');
    const secret = (await t.api.post('/api/auth/totp/setup', undefined, token)).body.secret as string;
    expect((await t.api.post('/api/auth/totp/enable', { code: totpAt(secret, Date.now()) }, token)).status).toBe(204);
    const used = stepAt(Date.now());
    const w = await openPage(browser, t.url);
    const p = w.page;
    await p.goto('/staff/login');
    await p.getByLabel('用户名').fill('sess_totp');
    await p.getByLabel('密码').fill(STAFF_PASSWORD);
    await p.locator('button[type=submit]').click();
    await p.getByTestId('login-totp').waitFor();
    await p.getByTestId('login-totp').fill(totpAt(secret, (used + 1) * 30_000));
    await p.locator('button[type=submit]').click();
    await p.getByTestId('staff-user').waitFor();
    expect(await p.getByTestId('staff-user').innerText()).toBe('钱民警');
    // The 401 of the first step is an answer the page expected, not an error it shows.
    expect(w.errors.filter((e) => !/status of 401/.test(e)), w.errors.join('\n')).toEqual([]);
    await w.context.close();
  });
});

describe('content security policy', () => {
  it('/docs (Swagger UI) renders under its policy without violations', async () => {
    const w = await openPage(browser, t.url);
    const p = w.page;
    await p.goto('/docs');
    await p.getByText('接诉即办 API').first().waitFor({ timeout: 15_000 });
    await p.locator('.opblock').first().waitFor();
    expect(w.errors, w.errors.join('\n')).toEqual([]);
    await w.context.close();
  });
});
