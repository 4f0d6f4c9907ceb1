import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { requireStaff, requireCitizen } from '../auth.js';
import { changePassword, createUser, login, revokeToken } from '../../commands/accounts.js';
import { sendOtp, verifyCitizen } from '../../commands/citizenAuth.js';
import { Text, Code } from '../schemas.js';

export function accountRoutes(app: App, { deps, config }: RouteEnv) {
  app.post('/api/auth/login', { config: { public: true },
    schema: { tags: ['auth'], summary: '工作人员登录', body: Type.Object({ username: Text(64), password: Text(200) }) },
  }, async (req) => login(deps.store, req.body, req.ip, config.tokenTtlHours));

  app.post('/api/auth/logout', { config: { public: true }, schema: { tags: ['auth'], summary: '退出登录（吊销令牌）' } }, async (req, reply) => {
    if (req.token) await revokeToken(deps.store, req.token);
    return reply.code(204).send();
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户' } }, async (req) => {
    if (req.actor.kind === 'citizen') return { kind: 'citizen', name: requireCitizen(req).name };
    const a = requireStaff(req);
    return { kind: 'staff', id: a.userId, username: a.username, displayName: a.displayName, roles: a.roles, unitCode: a.unitCode };
  });

  app.post('/api/auth/password', {
    schema: { tags: ['auth'], summary: '修改密码（吊销全部会话）', body: Type.Object({ oldPassword: Text(200), newPassword: Text(200) }) },
  }, async (req, reply) => {
    await changePassword(deps.store, requireStaff(req), req.body);
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
  }, async (req) => verifyCitizen(deps, req.body, config.tokenTtlHours));
}
