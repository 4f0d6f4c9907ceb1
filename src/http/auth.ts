// Resolves who asks before any handler runs, and the guards that routes use to say who may call them.
// API clients send `Authorization: Bearer …`; the browser sends the same opaque token in an HttpOnly
// cookie. A cookie is an ambient credential, so every state-changing request it authenticates must also
// carry the double-submit CSRF token (header X-CSRF-Token = the `csrf` cookie = HMAC of the session
// token); a request with an Authorization header carries its credential on purpose and is exempt.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Actor, CitizenActor, Role, StaffActor } from '../policies/actor.js';
import { hasRole } from '../policies/actor.js';
import { actorForToken } from '../commands/accounts.js';
import type { Queryable } from '../store/db.js';
import { AppError, forbidden, unauthorized } from './errors.js';
import { parseCookies, serializeCookie, setCookies } from './cookies.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    token: string | null;
    /** Where the token came from: the Authorization header, the session cookie, or nowhere. */
    authVia: 'bearer' | 'cookie' | null;
  }
}

export const SESSION_COOKIE = 'jsjb_session';
export const CSRF_COOKIE = 'csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CookiePolicy { cookieSecure: boolean; tokenTtlHours: number }

/**
 * Cookies are `Secure` with COOKIE_SECURE=1 (TLS ends at a proxy: X-Forwarded-Proto is not trusted,
 * trustProxy is off) or when this very connection is TLS.
 */
export const securePolicy = <P extends { cookieSecure: boolean }>(req: FastifyRequest, p: P): P =>
  (p.cookieSecure || req.protocol !== 'https' ? p : { ...p, cookieSecure: true });

export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : null;
}

/**
 * The CSRF token of a session: derived from the session token, so it cannot be forged without it
 * (a cookie planted by a sibling subdomain does not help) and needs no storage of its own.
 */
export const csrfFor = (token: string) => createHmac('sha256', token).update('jsjb-csrf').digest('base64url');

/** After a sign-in: the session cookie (HttpOnly) and its CSRF cookie (readable by the page's script). */
export function setSessionCookies(reply: FastifyReply, token: string, p: CookiePolicy) {
  const common = { path: '/', sameSite: 'Strict' as const, secure: p.cookieSecure, maxAgeSeconds: Math.round(p.tokenTtlHours * 3600) };
  setCookies(reply,
    serializeCookie(SESSION_COOKIE, token, { ...common, httpOnly: true }),
    serializeCookie(CSRF_COOKIE, csrfFor(token), common));
}

export function clearSessionCookies(reply: FastifyReply, p: Pick<CookiePolicy, 'cookieSecure'>) {
  const gone = { path: '/', sameSite: 'Strict' as const, secure: p.cookieSecure, maxAgeSeconds: 0 };
  setCookies(reply, serializeCookie(SESSION_COOKIE, '', { ...gone, httpOnly: true }), serializeCookie(CSRF_COOKIE, '', gone));
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerAuth(app: FastifyInstance, db: Queryable, policy: CookiePolicy) {
  app.decorateRequest('actor', null as any);
  app.decorateRequest('token', null);
  app.decorateRequest('authVia', null);
  app.addHook('onRequest', async (req, reply) => {
    const cookies = parseCookies(req.headers.cookie);
    const bearer = bearerToken(req);
    const fromCookie = cookies[SESSION_COOKIE] || null;
    req.token = bearer ?? fromCookie;
    req.authVia = bearer ? 'bearer' : fromCookie ? 'cookie' : null;
    req.actor = { kind: 'anonymous' };
    if (req.token && req.token.length <= 200) {
      req.actor = (await actorForToken(db, req.token)) ?? { kind: 'anonymous' };
    }
    if (req.authVia !== 'cookie') return;
    // A cookie whose session has ended (expired, signed out elsewhere, password changed): drop it,
    // so that the page stops presenting it.
    if (req.actor.kind === 'anonymous') { clearSessionCookies(reply, securePolicy(req, policy)); return; }
    if (SAFE_METHODS.has(req.method)) return;
    const header = req.headers[CSRF_HEADER];
    const cookie = cookies[CSRF_COOKIE];
    if (typeof header !== 'string' || !header || !cookie || !sameText(header, cookie) || !sameText(header, csrfFor(req.token!))) {
      throw new AppError(403, 'csrf_failed',
        '请求缺少有效的防跨站令牌：通过 Cookie 登录时，修改类请求须带 X-CSRF-Token 请求头，其值与 csrf Cookie 一致。请刷新页面后重试');
    }
  });
  // Who asks is settled before what they sent: an anonymous call to a non-public API answers 401,
  // not a validation error about its body.
  app.addHook('preValidation', async (req) => {
    const cfg = req.routeOptions.config as { public?: boolean } | undefined;
    if (req.actor.kind === 'anonymous' && req.url.startsWith('/api/') && !cfg?.public) {
      throw unauthorized(req.token ? '登录已失效，请重新登录' : '请先登录');
    }
  });
}

/** Staff with any of these roles (any role when none are named). */
export function requireStaff(req: FastifyRequest, ...roles: Role[]): StaffActor {
  const a = req.actor;
  if (a.kind === 'anonymous') throw unauthorized(req.token ? '登录已失效，请重新登录' : '请先登录');
  if (a.kind !== 'staff') throw forbidden('此功能仅限工作人员使用');
  if (roles.length && !hasRole(a, ...roles)) throw forbidden(`此功能需要以下角色之一：${roles.join('、')}`);
  return a;
}

export function requireCitizen(req: FastifyRequest): CitizenActor {
  const a = req.actor;
  if (a.kind === 'anonymous') throw unauthorized(req.token ? '验证已失效，请重新验证身份' : '请先验证身份');
  if (a.kind !== 'citizen') throw forbidden('此功能仅限来信人使用');
  return a;
}

export function requireSignedIn(req: FastifyRequest): StaffActor | CitizenActor {
  const a = req.actor;
  if (a.kind !== 'staff' && a.kind !== 'citizen') throw unauthorized(req.token ? '登录已失效，请重新登录' : '请先登录');
  return a;
}
