import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { requireStaff, requireCitizen, setSessionCookies, clearSessionCookies, securePolicy } from '../auth.js';
import { changePassword, createUser, disableTotp, enableTotp, login, revokeToken, setupTotp, totpEnabled } from '../../commands/accounts.js';
import { sendOtp, verifyCitizen } from '../../commands/citizenAuth.js';
import { Text, Code } from '../schemas.js';

export function accountRoutes(app: App, { deps, config }: RouteEnv) {
  const cookiePolicy = { cookieSecure: config.cookieSecure, tokenTtlHours: config.tokenTtlHours };
  /** A browser that signs in again leaves its previous cookie session behind: end that one. */
  const replaceCookieSession = async (req: { authVia: string | null; token: string | null }) => {
    if (req.authVia === 'cookie' && req.token) await revokeToken(deps.store, req.token);
  };

  app.post('/api/auth/login', { config: { public: true },
    schema: {
      tags: ['auth'], summary: '工作人员登录（令牌在应答中，浏览器另得 HttpOnly 会话 Cookie 与 csrf Cookie）',
      body: Type.Object({ username: Text(64), password: Text(200), totp: Type.Optional(Type.String({ maxLength: 10, description: '已启用动态验证码时必填：6位数字' })) }),
    },
  }, async (req, reply) => {
    const r = await login(deps.store, req.body, req.ip, config.tokenTtlHours);
    await replaceCookieSession(req);
    setSessionCookies(reply, r.token, securePolicy(req, cookiePolicy));
    return r;
  });

  app.post('/api/auth/logout', { config: { public: true }, schema: { tags: ['auth'], summary: '退出登录（吊销令牌，清除会话 Cookie）' } }, async (req, reply) => {
    if (req.token) await revokeToken(deps.store, req.token);
    clearSessionCookies(reply, securePolicy(req, cookiePolicy));
    return reply.code(204).send();
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户' } }, async (req) => {
    if (req.actor.kind === 'citizen') return { kind: 'citizen', name: requireCitizen(req).name };
    const a = requireStaff(req);
    return { kind: 'staff', id: a.userId, username: a.username, displayName: a.displayName, roles: a.roles, unitCode: a.unitCode, totpEnabled: await totpEnabled(deps.store, a.userId) };
  });

  app.post('/api/auth/password', {
    schema: { tags: ['auth'], summary: '修改密码（吊销全部会话）', body: Type.Object({ oldPassword: Text(200), newPassword: Text(200) }) },
  }, async (req, reply) => {
    await changePassword(deps.store, requireStaff(req), req.body, req.ip);
    // Every session ended with the old password, this browser's too.
    if (req.authVia === 'cookie') clearSessionCookies(reply, securePolicy(req, cookiePolicy));
    return reply.code(204).send();
  });

  app.post('/api/auth/totp/setup', {
    schema: { tags: ['auth'], summary: '动态验证码：生成密钥（启用前须以 /enable 验证一次）' },
  }, async (req) => setupTotp(deps.store, requireStaff(req)));

  app.post('/api/auth/totp/enable', {
    schema: { tags: ['auth'], summary: '动态验证码：以一个正确的验证码启用', body: Type.Object({ code: Text(10) }) },
  }, async (req, reply) => {
    await enableTotp(deps.store, requireStaff(req), req.body);
    return reply.code(204).send();
  });

  app.post('/api/auth/totp/disable', {
    schema: { tags: ['auth'], summary: '动态验证码：停用（须输入密码）', body: Type.Object({ password: Text(200) }) },
  }, async (req, reply) => {
    await disableTotp(deps.store, requireStaff(req), req.body, req.ip);
    return reply.code(204).send();
  });

  app.post('/api/admin/users', {
    schema: {
      tags: ['admin'], summary: '新建工作人员账号',
      body: Type.Object({
        username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
        password: Text(200),
        displayName: Text(64),
        unitCode: Type.Optional(Type.Union([Code, Type.Null()])),
        roles: Type.Array(Type.String({ maxLength: 32 }), { minItems: 1, maxItems: 6 }),
      }),
    },
  }, async (req, reply) => {
    requireStaff(req, 'admin');
    return reply.code(201).send(await createUser(deps.store, await deps.catalog.get(), req.body));
  });

  app.post('/api/citizen/otp', { config: { public: true },
    schema: { tags: ['citizen'], summary: '发送短信验证码', body: Type.Object({ phone: Text(20) }) },
  }, async (req, reply) => {
    await sendOtp(deps, req.body);
    return reply.code(202).send({ sent: true });
  });

  app.post('/api/citizen/verify', { config: { public: true },
    schema: {
      tags: ['citizen'], summary: '实名验证（手机验证码 + 姓名 + 身份证号）',
      body: Type.Object({ phone: Text(20), code: Text(10), name: Text(30), idNumber: Text(18) }),
    },
  }, async (req, reply) => {
    const r = await verifyCitizen(deps, req.body, config.tokenTtlHours);
    await replaceCookieSession(req);
    setSessionCookies(reply, r.token, securePolicy(req, cookiePolicy));
    return r;
  });
}
