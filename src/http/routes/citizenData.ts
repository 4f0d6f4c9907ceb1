// A citizen's own personal data (issue 7): the export of everything held about them, and deletion on
// request. Both act on the asking citizen only — there is no id in the path to point at anyone else.
import type { App, RouteEnv } from '../app.js';
import { clearSessionCookies, requireCitizen, securePolicy } from '../auth.js';
import { exportCitizenData, forgetCitizen } from '../../commands/citizenData.js';
import { contentDisposition } from '../../presenters/excel.js';

export function citizenDataRoutes(app: App, { deps, config }: RouteEnv) {
  app.get('/api/citizen/me/export', {
    schema: {
      tags: ['citizen'],
      summary: '导出我的个人信息（JSON 文件）：身份信息、全部来信与办理进度和答复、感谢信、发给我的消息',
    },
  }, async (req, reply) => {
    const r = await exportCitizenData(deps, requireCitizen(req));
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', contentDisposition(r.fileName, r.fileName))
      .header('cache-control', 'no-store')
      .send(JSON.stringify(r.document, null, 2));
  });

  app.delete('/api/citizen/me', {
    schema: {
      tags: ['citizen'],
      summary: '注销并删除我的个人信息：来信均已办结时，来信匿名化、身份信息与登录状态删除；尚有办理中的来信时 409',
    },
  }, async (req, reply) => {
    const r = await forgetCitizen(deps, requireCitizen(req));
    // The session is gone with the citizen: a browser's cookies go too.
    if (req.authVia === 'cookie') clearSessionCookies(reply, securePolicy(req, config));
    return r;
  });
}
