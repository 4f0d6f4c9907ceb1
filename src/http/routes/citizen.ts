import { Type } from 'typebox';
import type { App, RouteEnv } from '../app.js';
import { requireCitizen, requireSignedIn } from '../auth.js';
import { createCase } from '../../commands/intake.js';
import { letterForWriter, myLetters, rate, thank } from '../../commands/citizenLetters.js';
import { MAX_ATTACHMENT_BYTES, readAttachment, storeAttachment } from '../../commands/attachments.js';
import { publicStats } from '../../commands/stats.js';
import { searchFaq, checkBeforeWriting } from '../../commands/similar.js';
import { iso } from '../../presenters/casePresenter.js';
import { badRequest, payloadTooLarge } from '../errors.js';
import { NumberParam, Satisfaction, Text, Code } from '../schemas.js';

const CITIZEN_CHANNELS = ['mailbox_web', 'wechat', 'weibo'];

export function citizenRoutes(app: App, { deps }: RouteEnv) {
  app.post('/api/attachments', { schema: { tags: ['citizen'], summary: '上传图片（multipart 字段 file）', consumes: ['multipart/form-data'] } }, async (req, reply) => {
    const actor = requireSignedIn(req);
    if (!req.isMultipart()) throw badRequest('file', '请以 multipart/form-data 上传，字段名为 file');
    let file;
    try {
      file = await req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } });
    } catch {
      throw badRequest('file', '无法读取上传内容');
    }
    if (!file || file.fieldname !== 'file') throw badRequest('file', '缺少字段 file');
    let bytes: Buffer;
    try {
      bytes = await file.toBuffer();
    } catch (e: any) {
      if (e?.code === 'FST_REQ_FILE_TOO_LARGE') throw payloadTooLarge('图片不能超过 10 MiB');
      throw badRequest('file', '无法读取上传内容');
    }
    if (file.file.truncated) throw payloadTooLarge('图片不能超过 10 MiB');
    return reply.code(201).send(await storeAttachment(deps, actor, bytes));
  });

  app.get('/api/attachments/:id', { schema: { tags: ['citizen'], summary: '读取图片', params: Type.Object({ id: Text(36) }) } }, async (req, reply) => {
    const a = await readAttachment(deps, requireSignedIn(req), req.params.id);
    return reply.header('content-type', a.contentType).header('cache-control', 'private, max-age=3600').send(a.data);
  });

  app.post('/api/letters', {
    schema: {
      tags: ['citizen'], summary: '写信（局长信箱）',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }),
      body: Type.Object({
        type: Code,
        category: Type.Optional(Code),
        title: Text(100),
        content: Type.String({ minLength: 10, maxLength: 5000 }),
        address: Type.Optional(Text(300, 0)),
        location: Type.Optional(Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) })),
        attachmentIds: Type.Optional(Type.Array(Type.String({ maxLength: 36 }), { maxItems: 9 })),
        channel: Type.Optional(Type.Union(CITIZEN_CHANNELS.map((c) => Type.Literal(c)))),
      }),
    },
  }, async (req, reply) => {
    const actor = requireCitizen(req);
    const b = req.body;
    for (const [i, id] of (b.attachmentIds ?? []).entries()) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw badRequest(`attachmentIds[${i}]`, '不是有效的附件编号');
    }
    if (b.title.trim() === '') throw badRequest('title', '不能为空');
    if (b.content.trim().length < 10) throw badRequest('content', '正文至少10个字');
    const r = await createCase(deps, actor, {
      channel: b.channel ?? 'mailbox_web', type: b.type, category: b.category ?? null, title: b.title.trim(), content: b.content,
      address: b.address ?? null, location: b.location ?? null, citizenId: actor.citizenId,
      idempotencyKey: req.headers['idempotency-key'] ?? null, attachmentIds: b.attachmentIds,
    });
    if (r.replayed) reply.header('idempotent-replayed', 'true');
    return reply.code(201).send({
      id: r.row.id, number: r.row.number, status: r.row.status,
      deadlines: { sign: iso(r.deadlines.sign), contact: iso(r.deadlines.contact), firstFeedback: iso(r.deadlines.firstFeedback), close: iso(r.deadlines.close) },
    });
  });

  app.post('/api/letters/check', {
    schema: {
      tags: ['citizen'], summary: '写信前：是否已有答案、是否已有人反映（他人来信只显示类别、辖区、状态）',
      body: Type.Object({ title: Type.Optional(Text(100, 0)), content: Text(5000, 1), address: Type.Optional(Text(300, 0)) }),
    },
  }, async (req) => checkBeforeWriting(deps, requireCitizen(req).citizenId, req.body));

  app.get('/api/letters/mine', { schema: { tags: ['citizen'], summary: '我的来信' } }, async (req) => myLetters(deps, requireCitizen(req)));

  app.get('/api/letters/:number', { schema: { tags: ['citizen'], summary: '来信详情与进度', params: NumberParam } },
    async (req) => letterForWriter(deps, requireCitizen(req), req.params.number));

  app.post('/api/letters/:number/rating', {
    schema: {
      tags: ['citizen'], summary: '评价办理结果', params: NumberParam,
      body: Type.Object({ resolved: Type.Boolean(), satisfaction: Satisfaction, comment: Type.Optional(Text(1000, 0)), consentToPublish: Type.Optional(Type.Boolean()) }),
    },
  }, async (req) => rate(deps, requireCitizen(req), req.params.number, req.body));

  app.post('/api/letters/:number/thanks', {
    schema: { tags: ['citizen'], summary: '写感谢信', params: NumberParam, body: Type.Object({ content: Text(2000, 2) }) },
  }, async (req, reply) => reply.code(201).send(await thank(deps, requireCitizen(req), req.params.number, req.body)));

  app.get('/api/faq', { config: { public: true },
    schema: { tags: ['public'], summary: '一问一答检索', querystring: Type.Object({ q: Type.Optional(Text(200, 0)), category: Type.Optional(Code) }) },
  }, async (req) => searchFaq(deps, req.query.q ?? '', req.query.category));

  app.get('/api/public/stats', { config: { public: true }, schema: { tags: ['public'], summary: '公开统计' } }, async () => publicStats(deps));

  app.get('/api/public/organisation', { config: { public: true }, schema: { tags: ['public'], summary: '类别、诉求类型、辖区（写信页面用）' } }, async () => {
    const c = await deps.catalog.get();
    return {
      categories: [...c.categories.values()].map((k) => ({ code: k.code, name: k.name, examples: k.examples, routeTo: k.routeTo, confidential: k.confidential })),
      appealTypes: [...c.appealTypes].map(([code, name]) => ({ code, name })),
      districts: c.districts,
    };
  });
}
