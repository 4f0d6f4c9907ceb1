// One well-formed request per route (path parameters, query string, body), keyed "METHOD /url" as
// the app's route table names them. test/accessMatrix.test.ts sends them as every role, so that a
// refusal can only be about who asks; test/fuzz.test.ts spoils one field at a time, so that hostile
// values reach the handlers behind the schema.
import { idNumber } from './system.js';

export interface SampleFixture {
  /** Records of the asking side (a case of the officer's unit, written by the citizen) and of the other side. */
  ownCaseId: number; foreignCaseId: number;
  ownNumber: string; foreignNumber: string;
  ownCampaignId: number; foreignCampaignId: number;
  ownAttachmentId: string; foreignAttachmentId: string;
  open311Number: string; open311Token: string; apiKey: string;
  adminPassword: string;
  /** A fresh suffix for names that must be unique (usernames, unit codes, phones). */
  unique(): string;
}

export interface Sample {
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** A JSON body; `form` for application/x-www-form-urlencoded; `multipart` for a file upload. */
  body?: Record<string, unknown>;
  form?: Record<string, string>;
  multipart?: { field: string; fileName: string; bytes: Buffer };
}

/** A 1×1 PNG. */
export const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const LETTER = { type: 'complaint', category: 'public_order', title: '福田区夜间施工噪音', content: '福田区香蜜湖附近工地夜间施工噪音严重扰民，请依法处理。', address: '福田区香蜜湖' };

export const SAMPLES: Record<string, (f: SampleFixture) => Sample> = {
  'GET /healthz': () => ({}),
  'GET /openapi.json': () => ({}),

  'POST /api/admin/clock': () => ({ body: { advanceMinutes: 0 } }),
  'POST /api/auth/login': (f) => ({ body: { username: 'admin', password: f.adminPassword } }),
  'POST /api/auth/logout': () => ({}),
  'GET /api/auth/me': () => ({}),
  'POST /api/auth/password': () => ({ body: { oldPassword: 'not-the-old-password-1', newPassword: 'Matrix-New-Pass-2026' } }),
  'POST /api/auth/totp/setup': () => ({}),
  'POST /api/auth/totp/enable': () => ({ body: { code: '000000' } }),
  'POST /api/auth/totp/disable': () => ({ body: { password: 'not-the-password-1' } }),
  'GET /api/admin/trail/verify': () => ({}),
  'POST /api/citizen/otp': (f) => ({ body: { phone: `1370${f.unique().padStart(7, '0').slice(-7)}` } }),
  'POST /api/citizen/verify': () => ({ body: { phone: '13799999999', code: '000000', name: '王五', idNumber: idNumber('11010519800101009') } }),

  'POST /api/admin/users': (f) => ({ body: { username: `mx-${f.unique()}`, password: 'Matrix-Pass-2026', displayName: '矩阵', unitCode: 'center', roles: ['viewer'] } }),
  'GET /api/admin/users': () => ({}),
  'POST /api/admin/units': (f) => ({ body: { code: `mx-unit-${f.unique()}`, name: '矩阵单位', kind: 'city' } }),
  'GET /api/admin/units': () => ({}),
  'POST /api/admin/categories': (f) => ({ body: { code: `mx_cat_${f.unique()}`, name: '矩阵类别', routeTo: 'center' } }),
  'PUT /api/admin/channels/:channel': () => ({ params: { channel: 'weibo' }, body: { secret: 'matrix-secret-0123456789', webhookUrl: 'http://127.0.0.1:9/hook' } }),
  'GET /api/admin/outbox': () => ({ query: { state: 'dead' } }),
  'POST /api/admin/outbox/:id/retry': () => ({ params: { id: '999999' } }),
  'PUT /api/admin/calendar/:year': () => ({ params: { year: '2031' }, body: { holidays: ['2031-01-01'], workdays: [] } }),
  'GET /api/admin/calendar/:year': () => ({ params: { year: '2026' } }),
  'POST /api/admin/faq': () => ({ body: { question: '如何补办身份证？', answer: '携带户口簿到户籍所在地派出所办理。', category: 'household' } }),
  'GET /api/admin/messages': () => ({ query: { to: '13700000000' } }),
  'POST /api/admin/import': () => ({
    body: {
      cases: [{
        // One external id throughout: a repeat is skipped (idempotent), so it neither piles up cases nor retrains the router each time.
        externalId: 'hist-sample-1', channel: '12345', receivedAt: '2025-06-01T09:00:00+08:00', title: '历史来信', content: '福田区某路口信号灯长期故障。',
        address: '福田区深南大道', category: 'traffic_order', unitCode: 'futian-traffic', closedAt: '2025-06-03T09:00:00+08:00', satisfaction: 'satisfied',
      }],
    },
  }),
  'GET /api/admin/settings/:name': () => ({ params: { name: 'router' } }),
  'PUT /api/admin/settings/:name': () => ({ params: { name: 'router' }, body: { autoDispatchThreshold: 2, historyLimit: 20000 } }),
  'POST /api/admin/open311-keys': () => ({ body: { name: 'matrix' } }),
  'GET /api/admin/reply-templates': () => ({ query: { kind: 'feedback', category: 'public_order' } }),
  'POST /api/admin/reply-templates': () => ({ body: { category: 'public_order', kind: 'report', outcome: 'resolved', title: '噪音·样例', body: '{称呼}：您好！{单位}已办结：{办理情况}', active: false } }),
  // Template 1 is the first default (migration 010): written back as it is.
  'PUT /api/admin/reply-templates/:id': () => ({
    params: { id: '1' },
    body: { category: null, kind: 'feedback', outcome: null, title: '通用·阶段性反馈', body: '{称呼}：您好！您于{来信日期}反映的问题（编号{编号}）已由{单位}受理。目前办理情况：{办理情况}。我们将继续跟进，有新的进展会及时告知您。感谢您对公安工作的理解和支持！', active: true },
  }),
  'DELETE /api/admin/reply-templates/:id': () => ({ params: { id: '999999' } }),

  'POST /api/attachments': () => ({ multipart: { field: 'file', fileName: 'photo.png', bytes: PNG_1x1 } }),
  'GET /api/attachments/:id': (f) => ({ params: { id: f.ownAttachmentId } }),
  'POST /api/letters': () => ({ body: { ...LETTER, location: { lat: 22.54, lng: 114.05 }, channel: 'mailbox_web' } }),
  'POST /api/letters/check': () => ({ body: { title: '噪音', content: '福田区香蜜湖夜间施工噪音扰民', address: '福田区香蜜湖' } }),
  'GET /api/letters/mine': () => ({}),
  'GET /api/letters/:number': (f) => ({ params: { number: f.ownNumber } }),
  'POST /api/letters/:number/rating': (f) => ({ params: { number: f.ownNumber }, body: { resolved: true, satisfaction: 'satisfied', comment: '满意', consentToPublish: false } }),
  'POST /api/letters/:number/thanks': (f) => ({ params: { number: f.ownNumber }, body: { content: '感谢民警的耐心处理！' } }),
  // The asking citizen themselves: nothing to fill in (the fixtures' citizens have a letter in progress, so DELETE is a 409).
  'GET /api/citizen/me/export': () => ({}),
  'DELETE /api/citizen/me': () => ({}),
  'GET /api/faq': () => ({ query: { q: '身份证', category: 'household' } }),
  'GET /api/public/stats': () => ({}),
  'GET /api/public/organisation': () => ({}),

  'GET /api/cases': () => ({ query: { status: 'closed', unit: 'futian-branch', category: 'public_order', q: '噪音', overdue: '0', page: '1', pageSize: '20' } }),
  'GET /api/cases/:id': (f) => ({ params: { id: String(f.ownCaseId) } }),
  'GET /api/cases/:id/contact-info': (f) => ({ params: { id: String(f.ownCaseId) } }),
  'POST /api/cases/:id/dispatch': (f) => ({ params: { id: String(f.ownCaseId) }, body: { unitCode: 'futian-branch', coUnitCodes: ['luohu-branch'], category: 'public_order', note: '请处理' } }),
  'POST /api/cases/:id/sign': (f) => ({ params: { id: String(f.ownCaseId) } }),
  'POST /api/cases/:id/contact': (f) => ({ params: { id: String(f.ownCaseId) }, body: { method: 'phone', outcome: 'reached', note: '已电话联系' } }),
  'POST /api/cases/:id/feedback': (f) => ({ params: { id: String(f.ownCaseId) }, body: { content: '已协调城管夜间巡查。' } }),
  'POST /api/cases/:id/return': (f) => ({ params: { id: String(f.ownCaseId) }, body: { reason: '不属本单位管辖' } }),
  'POST /api/cases/:id/extension': (f) => ({ params: { id: String(f.ownCaseId) }, body: { days: 3, reason: '需协调多部门' } }),
  'POST /api/cases/:id/extension/decision': (f) => ({ params: { id: String(f.ownCaseId) }, body: { approve: false, note: '理由不充分' } }),
  'POST /api/cases/:id/report': (f) => ({ params: { id: String(f.ownCaseId) }, body: { outcome: 'resolved', content: '已责令工地停止夜间施工。' } }),
  'POST /api/cases/:id/review': (f) => ({ params: { id: String(f.ownCaseId) }, body: { approve: true, note: '同意' } }),
  'POST /api/cases/:id/callback': (f) => ({ params: { id: String(f.ownCaseId) }, body: { reached: true, resolved: true, satisfaction: 'satisfied', note: '已回访' } }),
  'POST /api/cases/:id/merge': (f) => ({ params: { id: String(f.ownCaseId) }, body: { intoId: f.foreignCaseId } }),
  'GET /api/cases/:id/similar': (f) => ({ params: { id: String(f.ownCaseId) } }),
  'POST /api/cases/:id/reply-check': (f) => ({ params: { id: String(f.ownCaseId) }, body: { content: '您好！经核查，已责令工地停止夜间施工。感谢您的支持！', kind: 'report' } }),
  'GET /api/cases/:id/reply-templates': (f) => ({ params: { id: String(f.ownCaseId) }, query: { kind: 'report', outcome: 'resolved' } }),
  'GET /api/cases/:id/publication': (f) => ({ params: { id: String(f.ownCaseId) } }),
  'POST /api/cases/:id/publish': (f) => ({ params: { id: String(f.ownCaseId) }, body: { title: '夜间施工噪音的处置', text: '来信人反映夜间施工噪音，辖区派出所已处置。' } }),
  'GET /api/typical-cases': () => ({ query: { page: '1', pageSize: '20', category: 'public_order' } }),
  'DELETE /api/typical-cases/:id': () => ({ params: { id: '999999' } }),
  'GET /api/live': () => ({}),
  'GET /api/notices': () => ({}),
  'POST /api/triage/suggest': () => ({ body: { title: '噪音', content: '福田区香蜜湖夜间施工噪音扰民', address: '福田区香蜜湖' } }),
  'GET /api/triage/status': () => ({}),
  'GET /api/cases/export.xlsx': () => ({ query: { status: 'closed', unit: 'futian-branch', category: 'public_order', q: '噪音', overdue: '0' } }),

  'GET /api/stats/overview': () => ({ query: { from: '2026-01-01', to: '2026-02-01T00:00:00+08:00', unit: 'futian-branch' } }),
  'GET /api/stats/units': () => ({ query: { month: '2026-01' } }),
  'GET /api/stats/breakdown': () => ({ query: { by: 'day', from: '2026-01-01', to: '2026-02-01', unit: 'futian-branch' } }),
  'GET /api/stats/export.xlsx': () => ({ query: { month: '2026-01', from: '2026-01-01', to: '2026-01-31', unit: 'futian-branch' } }),
  'GET /api/hotspots': () => ({ query: { days: '30' } }),
  'GET /api/alerts': () => ({ query: { days: '7' } }),
  'GET /api/alerts/history': () => ({ query: { days: '30' } }),
  'GET /api/faq/suggestions': () => ({ query: { days: '90' } }),
  'GET /api/campaigns': () => ({}),
  'GET /api/campaigns/:id': (f) => ({ params: { id: String(f.ownCampaignId) } }),
  'POST /api/campaigns': (f) => ({ body: { title: '夜间施工噪音专项', caseIds: [f.ownCaseId], unitCode: 'futian-branch', hotspotId: 'hs-1' } }),
  'POST /api/campaigns/:id/feedback': (f) => ({ params: { id: String(f.ownCampaignId) }, body: { content: '专项整治已开展。' } }),
  'POST /api/campaigns/:id/close': (f) => ({ params: { id: String(f.ownCampaignId) } }),

  'POST /api/channels/:channel/cases': () => ({
    params: { channel: '12345' },
    body: {
      externalId: 'mx-1', receivedAt: '2026-01-05T09:00:00+08:00', citizen: { name: '张三', phone: '13800138000', idNumber: idNumber('44030419900101005') },
      title: '信号灯故障', content: '福田区某路口信号灯长期故障，请尽快维修。', address: '福田区深南大道', category: 'traffic_order', type: 'help', urgency: 'normal',
    },
  }),

  'GET /open311/v2/discovery.:format': () => ({ params: { format: 'json' } }),
  'GET /open311/v2/services.:format': () => ({ params: { format: 'json' } }),
  'GET /open311/v2/services/:code.:format': () => ({ params: { code: 'public_order', format: 'json' } }),
  'GET /open311/v2/requests.:format': () => ({ params: { format: 'json' }, query: { start_date: '2026-01-01T00:00:00+08:00', end_date: '2026-02-01T00:00:00+08:00', status: 'open', service_code: 'public_order', page: '1', page_size: '50' } }),
  'POST /open311/v2/requests.:format': (f) => ({
    params: { format: 'json' },
    form: {
      api_key: f.apiKey, service_code: 'public_order', lat: '22.54', long: '114.05', address_string: '福田区香蜜湖', email: 'a@example.com',
      first_name: '三', last_name: '张', phone: '13800138000', description: '福田区香蜜湖夜间施工噪音扰民。', media_url: 'http://example.com/a.jpg',
    },
  }),
  'GET /open311/v2/requests/:id.:format': (f) => ({ params: { id: f.open311Number, format: 'json' } }),
  'GET /open311/v2/tokens/:token.:format': (f) => ({ params: { token: f.open311Token, format: 'json' } }),
};

/** The path of a route with its parameters filled in (each value percent-encoded). */
export function fillPath(url: string, params: Record<string, string> = {}): string {
  return url.replace(/:([A-Za-z_]+)/g, (_, n: string) => encodeURIComponent(params[n] ?? 'x'));
}
