// Staff accounts and sessions: argon2id hashes, opaque bearer tokens stored as SHA-256,
// lock-out after repeated failures. Session expiry and lock-outs use the real clock, not the
// test clock: moving case time must not sign anybody out.
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Queryable, Store } from '../store/db.js';
import type { Actor, Role, StaffActor } from '../policies/actor.js';
import { ROLES, CENTER_ROLES, UNIT_ROLES } from '../policies/actor.js';
import { AppError, badRequest, conflict, tooMany, unauthorized } from '../http/errors.js';
import type { Catalog } from '../store/catalog.js';
import { matchTotp, newTotpSecret, otpauthUrl } from '../domain/totp.js';
import { vault } from '../store/vault.js';

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_USER = 5;
export const MAX_FAILURES_PER_IP = 30;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Queryable, who: { userId?: number; citizenId?: number }, ttlHours: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO sessions (token_hash, user_id, citizen_id, expires_at) VALUES ($1, $2, $3, $4)',
    [tokenHash(token), who.userId ?? null, who.citizenId ?? null, new Date(Date.now() + ttlHours * 3600_000)]);
  return token;
}

export async function actorForToken(db: Queryable, token: string): Promise<Actor | null> {
  const r = await db.query<any>(
    `SELECT s.user_id, s.citizen_id, u.username, u.display_name, u.roles, u.unit_code, u.active, z.phone, z.name
       FROM sessions s LEFT JOIN users u ON u.id = s.user_id LEFT JOIN citizens z ON z.id = s.citizen_id
      WHERE s.token_hash = $1 AND s.expires_at > now()`, [tokenHash(token)], 'session');
  const s = r.rows[0];
  if (!s) return null;
  if (s.user_id) {
    if (!s.active) return null;
    return { kind: 'staff', userId: s.user_id, username: s.username, displayName: s.display_name, roles: s.roles, unitCode: s.unit_code };
  }
  const v = vault();
  return { kind: 'citizen', citizenId: s.citizen_id, phone: v.open('phone', s.phone), name: v.open('name', s.name) };
}

export async function revokeToken(db: Queryable, token: string) {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(token)]);
}

// Verifying against a fixed hash for unknown users keeps the answer time the same as for a wrong password.
let dummyHash: Promise<string> | null = null;

/** 429 while this user or this address is past its failures of the last 15 minutes. */
async function refuseWhileLocked(db: Queryable, username: string, ip: string) {
  const since = new Date(Date.now() - LOGIN_WINDOW_MS);
  const f = await db.query<{ by_user: number; by_ip: number }>(
    `SELECT count(*) FILTER (WHERE username = $1) AS by_user, count(*) FILTER (WHERE ip = $2) AS by_ip
       FROM login_failures WHERE at > $3 AND (username = $1 OR ip = $2)`, [username, ip, since]);
  if (Number(f.rows[0].by_user) >= MAX_FAILURES_PER_USER || Number(f.rows[0].by_ip) >= MAX_FAILURES_PER_IP) {
    throw tooMany('登录失败次数过多，请15分钟后再试');
  }
}

const recordFailure = (db: Queryable, username: string, ip: string) =>
  db.query('INSERT INTO login_failures (username, ip, at) VALUES ($1, $2, $3)', [username, ip, new Date()]);

/**
 * Claims the step of a correct TOTP code for this user: one UPDATE that succeeds only for a step newer
 * than the last one used, so the same code cannot sign in twice, even from two requests at once.
 */
async function claimTotp(db: Queryable, userId: number, secret: string | null, code: string): Promise<boolean> {
  if (!secret) return false;
  const step = matchTotp(secret, code.trim(), Date.now(), null);
  if (step === null) return false;
  const r = await db.query('UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id', [userId, step]);
  return r.rows.length > 0;
}

export async function login(store: Store, input: { username: string; password: string; totp?: string }, ip: string, ttlHours: number) {
  await refuseWhileLocked(store, input.username, ip);
  const r = await store.query<any>(
    'SELECT id, username, display_name, password_hash, roles, unit_code, active, totp_enabled, totp_secret FROM users WHERE username = $1', [input.username]);
  const u = r.rows[0];
  dummyHash ??= hash('not-a-password');
  const ok = await verify(u?.password_hash ?? await dummyHash, input.password).catch(() => false);
  if (!u || !ok || !u.active) {
    await recordFailure(store, input.username, ip);
    throw unauthorized('用户名或密码错误');
  }
  if (u.totp_enabled) {
    // A missing code is the first step of a two-step sign-in, not a failure; a wrong or reused one is.
    if (!input.totp) throw new AppError(401, 'totp_required', '需要动态验证码');
    if (!(await claimTotp(store, u.id, u.totp_secret, input.totp))) {
      await recordFailure(store, input.username, ip);
      throw new AppError(401, 'totp_invalid', '动态验证码错误或已使用过，请等待下一个验证码');
    }
  }
  await store.query('DELETE FROM login_failures WHERE username = $1', [input.username]);
  const token = await createSession(store, { userId: u.id }, ttlHours);
  return { token, user: { id: u.id, username: u.username, displayName: u.display_name, roles: u.roles, unitCode: u.unit_code } };
}

// Passwords that pass the length and class rules but are first in every guessing list: a common word
// or keyboard run dressed with digits and symbols ("Password2026!", "Qwerty@12345"). Compared on the
// letters alone, lower-cased.
const COMMON_WORDS = new Set([
  'password', 'passwd', 'passw', 'pass', 'pwd', 'pword', 'qwerty', 'qwertyuiop', 'qwer', 'qwe', 'asdf', 'asdfgh', 'asdfghjkl', 'zxcv', 'zxcvbn', 'zxcvbnm',
  'qaz', 'wsx', 'qazwsx', 'qazwsxedc', 'qweasd', 'qweasdzxc', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh', 'admin', 'administrator',
  'root', 'user', 'test', 'guest', 'welcome', 'letmein', 'iloveyou', 'woaini', 'changeme', 'secret', 'master', 'login', 'hello', 'monkey',
  'dragon', 'sunshine', 'princess', 'football', 'baseball', 'china', 'beijing', 'shanghai', 'shenzhen', 'police', 'jingcha', 'gongan',
  'jiesujiban', 'juzhang', 'xinxiang',
]);

/** Staff password rules; the reason in Chinese, or null when the password will do. */
export function checkPasswordStrength(password: string, username?: string): string | null {
  if (password.length < 10) return '密码至少10位';
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 3) return '密码须包含小写字母、大写字母、数字、符号四类中的至少三类';
  const lower = password.toLowerCase();
  // Two-letter user names (test fixtures like "o1") are too short to be a guess of their own.
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return '密码不能包含用户名';
  // The letters alone ("Password2026!" → password), and the word between leading and trailing digits and
  // symbols read back from its look-alikes ("P@ssw0rd#1" → password).
  const letters = lower.replace(/[^a-z]/g, '');
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '').replace(/@/g, 'a').replace(/\$/g, 's').replace(/0/g, 'o').replace(/1/g, 'l').replace(/3/g, 'e').replace(/[^a-z]/g, '');
  if (letters.length <= 2 || COMMON_WORDS.has(letters) || COMMON_WORDS.has(core)) return '密码过于常见（常见单词、键盘序列加数字或符号），请换一个不易猜到的密码';
  return null;
}

export interface NewUser { username: string; password: string; displayName: string; unitCode?: string | null; roles: string[] }

export async function createUser(store: Store, catalog: Catalog, input: NewUser): Promise<{ id: number }> {
  const weak = checkPasswordStrength(input.password, input.username);
  if (weak) throw badRequest('password', weak);
  const roles = [...new Set(input.roles)];
  for (const [i, r] of roles.entries()) if (!ROLES.includes(r as Role)) throw badRequest(`roles[${i}]`, `未知角色“${r}”，可选：${ROLES.join('、')}`);
  if (input.unitCode && !catalog.units.has(input.unitCode)) throw badRequest('unitCode', `单位“${input.unitCode}”不存在`);
  // Center staff belong to the center, where its notices go, even when the form left the unit out.
  if (!input.unitCode && roles.some((r) => CENTER_ROLES.includes(r as Role))) {
    input = { ...input, unitCode: [...catalog.units.values()].find((u) => u.kind === 'center')?.code ?? null };
  }
  // A unit role without a unit would see nothing; a center role inside a unit would see everything.
  if (roles.some((r) => UNIT_ROLES.includes(r as Role)) && !input.unitCode) throw badRequest('unitCode', '办理单位角色必须指定所属单位');
  if (roles.some((r) => CENTER_ROLES.includes(r as Role) && r !== 'admin') && input.unitCode && catalog.units.get(input.unitCode)?.kind !== 'center') {
    throw badRequest('roles', '派单员、审核员须属于接诉即办中心');
  }
  const passwordHash = await hash(input.password);
  try {
    const r = await store.query<{ id: number }>(
      'INSERT INTO users (username, password_hash, display_name, unit_code, roles) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [input.username, passwordHash, input.displayName, input.unitCode ?? null, roles]);
    return r.rows[0];
  } catch (e: any) {
    if (e?.code === '23505') throw conflict(`用户名“${input.username}”已存在`, 'already_exists');
    throw e;
  }
}

export async function changePassword(store: Store, actor: StaffActor, input: { oldPassword: string; newPassword: string }, ip: string) {
  // A wrong old password counts like a failed sign-in: a stolen session must not be a way around the lock-out.
  await refuseWhileLocked(store, actor.username, ip);
  const r = await store.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [actor.userId]);
  if (!r.rows[0] || !(await verify(r.rows[0].password_hash, input.oldPassword).catch(() => false))) {
    await recordFailure(store, actor.username, ip);
    throw new AppError(400, 'wrong_password', 'oldPassword：原密码不正确', 'oldPassword');
  }
  const weak = checkPasswordStrength(input.newPassword, actor.username);
  if (weak) throw badRequest('newPassword', weak);
  await store.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [actor.userId, await hash(input.newPassword)]);
    // Every session of the old password ends with it.
    await tx.query('DELETE FROM sessions WHERE user_id = $1', [actor.userId]);
  });
}

export const TOTP_ISSUER = '接诉即办';

/** Whether this staff member signs in with a second factor. */
export async function totpEnabled(db: Queryable, userId: number): Promise<boolean> {
  const r = await db.query<{ totp_enabled: boolean }>('SELECT totp_enabled FROM users WHERE id = $1', [userId]);
  return !!r.rows[0]?.totp_enabled;
}

/** A new secret for the authenticator app; it counts only after enableTotp with a correct code. */
export async function setupTotp(store: Store, actor: StaffActor): Promise<{ secret: string; otpauthUrl: string }> {
  const secret = newTotpSecret();
  const r = await store.query('UPDATE users SET totp_secret = $2, totp_last_step = NULL WHERE id = $1 AND NOT totp_enabled RETURNING id', [actor.userId, secret]);
  if (!r.rows.length) throw conflict('动态验证码已启用；如需更换密钥，请先停用', 'totp_enabled');
  return { secret, otpauthUrl: otpauthUrl(secret, actor.username, TOTP_ISSUER) };
}

export async function enableTotp(store: Store, actor: StaffActor, input: { code: string }) {
  const r = await store.query<{ totp_secret: string | null; totp_enabled: boolean }>('SELECT totp_secret, totp_enabled FROM users WHERE id = $1', [actor.userId]);
  const u = r.rows[0];
  if (u?.totp_enabled) throw conflict('动态验证码已启用', 'totp_enabled');
  if (!u?.totp_secret) throw conflict('请先通过 POST /api/auth/totp/setup 获取密钥', 'totp_not_set_up');
  const step = matchTotp(u.totp_secret, input.code.trim(), Date.now(), null);
  if (step === null) throw new AppError(400, 'totp_invalid', 'code：动态验证码不正确，请核对手机时间后重试', 'code');
  // The code that proved the setup cannot also be used to sign in.
  const done = await store.query('UPDATE users SET totp_enabled = true, totp_last_step = $2 WHERE id = $1 AND NOT totp_enabled AND totp_secret = $3 RETURNING id',
    [actor.userId, step, u.totp_secret]);
  if (!done.rows.length) throw conflict('密钥已变更，请重新设置', 'totp_not_set_up');
}

export async function disableTotp(store: Store, actor: StaffActor, input: { password: string }, ip: string) {
  await refuseWhileLocked(store, actor.username, ip);
  const r = await store.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [actor.userId]);
  if (!r.rows[0] || !(await verify(r.rows[0].password_hash, input.password).catch(() => false))) {
    await recordFailure(store, actor.username, ip);
    throw new AppError(400, 'wrong_password', 'password：密码不正确', 'password');
  }
  await store.query('UPDATE users SET totp_enabled = false, totp_secret = NULL, totp_last_step = NULL WHERE id = $1', [actor.userId]);
}
