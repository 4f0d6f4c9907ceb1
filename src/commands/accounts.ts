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
      WHERE s.token_hash = $1 AND s.expires_at > now()`, [tokenHash(token)]);
  const s = r.rows[0];
  if (!s) return null;
  if (s.user_id) {
    if (!s.active) return null;
    return { kind: 'staff', userId: s.user_id, username: s.username, displayName: s.display_name, roles: s.roles, unitCode: s.unit_code };
  }
  return { kind: 'citizen', citizenId: s.citizen_id, phone: s.phone, name: s.name };
}

export async function revokeToken(db: Queryable, token: string) {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(token)]);
}

// Verifying against a fixed hash for unknown users keeps the answer time the same as for a wrong password.
let dummyHash: Promise<string> | null = null;

export async function login(store: Store, input: { username: string; password: string }, ip: string, ttlHours: number) {
  const since = new Date(Date.now() - LOGIN_WINDOW_MS);
  const f = await store.query<{ by_user: number; by_ip: number }>(
    `SELECT count(*) FILTER (WHERE username = $1) AS by_user, count(*) FILTER (WHERE ip = $2) AS by_ip
       FROM login_failures WHERE at > $3 AND (username = $1 OR ip = $2)`, [input.username, ip, since]);
  if (f.rows[0].by_user >= MAX_FAILURES_PER_USER || f.rows[0].by_ip >= MAX_FAILURES_PER_IP) {
    throw tooMany('登录失败次数过多，请15分钟后再试');
  }
  const r = await store.query<any>('SELECT id, username, display_name, password_hash, roles, unit_code, active FROM users WHERE username = $1', [input.username]);
  const u = r.rows[0];
  dummyHash ??= hash('not-a-password');
  const ok = await verify(u?.password_hash ?? await dummyHash, input.password).catch(() => false);
  if (!u || !ok || !u.active) {
    await store.query('INSERT INTO login_failures (username, ip, at) VALUES ($1, $2, $3)', [input.username, ip, new Date()]);
    throw unauthorized('用户名或密码错误');
  }
  await store.query('DELETE FROM login_failures WHERE username = $1', [input.username]);
  const token = await createSession(store, { userId: u.id }, ttlHours);
  return { token, user: { id: u.id, username: u.username, displayName: u.display_name, roles: u.roles, unitCode: u.unit_code } };
}

export function checkPasswordStrength(password: string): string | null {
  if (password.length < 8) return '密码至少8位';
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 2) return '密码须包含字母、数字、符号中的至少两类';
  return null;
}

export interface NewUser { username: string; password: string; displayName: string; unitCode?: string | null; roles: string[] }

export async function createUser(store: Store, catalog: Catalog, input: NewUser): Promise<{ id: number }> {
  const weak = checkPasswordStrength(input.password);
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

export async function changePassword(store: Store, actor: StaffActor, input: { oldPassword: string; newPassword: string }) {
  const r = await store.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [actor.userId]);
  if (!r.rows[0] || !(await verify(r.rows[0].password_hash, input.oldPassword).catch(() => false))) throw new AppError(400, 'wrong_password', 'oldPassword：原密码不正确', 'oldPassword');
  const weak = checkPasswordStrength(input.newPassword);
  if (weak) throw badRequest('newPassword', weak);
  await store.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [actor.userId, await hash(input.newPassword)]);
    // Every session of the old password ends with it.
    await tx.query('DELETE FROM sessions WHERE user_id = $1', [actor.userId]);
  });
}
