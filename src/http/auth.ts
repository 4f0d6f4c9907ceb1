// Resolves who asks (Authorization: Bearer …) before any handler runs, and the guards that
// routes use to say who may call them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, CitizenActor, Role, StaffActor } from '../policies/actor.js';
import { hasRole } from '../policies/actor.js';
import { actorForToken } from '../commands/accounts.js';
import type { Queryable } from '../store/db.js';
import { forbidden, unauthorized } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest { actor: Actor; token: string | null }
}

export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : null;
}

export function registerAuth(app: FastifyInstance, db: Queryable) {
  app.decorateRequest('actor', null as any);
  app.decorateRequest('token', null);
  app.addHook('onRequest', async (req) => {
    req.token = bearerToken(req);
    req.actor = { kind: 'anonymous' };
    if (req.token && req.token.length <= 200) {
      req.actor = (await actorForToken(db, req.token)) ?? { kind: 'anonymous' };
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
