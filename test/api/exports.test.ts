// Excel exports: the case list as each role may see it (scope, masking, （保密）), the figures of a
// month, the UTF-8 file name, and the audit event of every download.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestSystem, staff, citizen, idNumber, type TestSystem } from '../helpers/system.js';
import { CASE_COLUMNS, DATE_FORMAT } from '../../src/presenters/excel.js';

let t: TestSystem;
let tok: Record<string, string>;
let alice: string;
let caseA: { id: number; number: string };
let caseB: { id: number; number: string };
let conduct: { id: number; number: string };

const HEADERS = ['编号', '渠道', '类型', '类别', '标题', '区', '状态', '承办单位', '受理时间', '签收时间', '办结时间', '满意度', '来信人', '电话'];

async function download(path: string, token?: string | null) {
  const r = await fetch(t.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const buf = Buffer.from(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, buf, json: () => JSON.parse(buf.toString('utf8')) };
}

async function workbook(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as any);
  return wb;
}

/** The case sheet as objects keyed by the Chinese column names. */
async function caseRows(path: string, token: string) {
  const r = await download(path, token);
  expect(r.status, r.buf.toString('utf8').slice(0, 300)).toBe(200);
  const wb = await workbook(r.buf);
  const ws = wb.getWorksheet('案件列表')!;
  const header = (ws.getRow(1).values as unknown[]).slice(1);
  const rows: Record<string, any>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const v = row.values as unknown[];
    rows.push(Object.fromEntries(header.map((h, i) => [h as string, v[i + 1] ?? null])));
  });
  return { header, rows, ws, wb, res: r };
}

const byNumber = (rows: Record<string, any>[], n: string) => rows.find((r) => r['编号'] === n);

async function events(action: string) {
  return (await t.sys.store.query<{ actor_label: string; data: any; case_id: number | null }>(
    'SELECT actor_label, data, case_id FROM case_events WHERE action = $1 ORDER BY id', [action])).rows;
}

async function letter(token: string, body: Record<string, unknown>) {
  const r = await t.api.post('/api/letters', { type: 'complaint', title: '测试来信', content: '这是一封用于导出测试的来信，内容足够长。', ...body }, token);
  expect(r.status).toBe(201);
  return r.body as { id: number; number: string };
}

beforeAll(async () => {
  t = await startTestSystem();
  tok = {
    dispatcher: await staff(t, 'd1', ['dispatcher'], 'center', '调度员甲'),
    viewer: await staff(t, 'v1', ['viewer'], 'center'),
    futian: await staff(t, 'o-futian', ['officer'], 'futian-branch', '福田民警'),
    luohu: await staff(t, 'o-luohu', ['officer'], 'luohu-branch'),
    inspection: await staff(t, 'o-insp', ['officer'], 'inspection'),
  };
  alice = await citizen(t, '13700137001', '赵丽', idNumber('11010519800101002'));
  const bob = await citizen(t, '13700137002', '钱波', idNumber('11010519800101003'));
  caseA = await letter(alice, { category: 'public_order', title: '香蜜湖夜间施工噪音', address: '福田区香蜜湖' });
  caseB = await letter(bob, { category: 'public_order', title: '东门群租房', address: '罗湖区东门' });
  conduct = await letter(bob, { category: 'police_conduct', title: '民警态度恶劣', content: '福田分局某民警在办理我的报案时态度恶劣，推诿不作为。' });
  await t.api.post(`/api/cases/${caseA.id}/dispatch`, { unitCode: 'futian-branch' }, tok.dispatcher);
  await t.api.post(`/api/cases/${caseB.id}/dispatch`, { unitCode: 'luohu-branch' }, tok.dispatcher);
  // The letter is about futian-branch; the dispatcher adds that unit as co-handling unit by mistake.
  await t.api.post(`/api/cases/${conduct.id}/dispatch`, { unitCode: 'inspection', coUnitCodes: ['futian-branch'] }, tok.dispatcher);
  expect((await t.api.post(`/api/cases/${caseA.id}/sign`, undefined, tok.futian)).status).toBe(200);
  const imp = await t.api.post('/api/admin/import', {
    cases: [{
      externalId: 'H-2025-1', channel: '12345', receivedAt: '2025-03-04T09:30:00+08:00', title: '历史来信', content: '一封已办结的历史来信。',
      category: 'public_order', unitCode: 'luohu-branch', closedAt: '2025-03-10T17:05:00+08:00', satisfaction: 'basically_satisfied',
    }],
  }, t.adminToken);
  expect(imp.body).toEqual({ imported: 1, skipped: 0 });
});
afterAll(async () => { await t?.close(); });

describe('GET /api/cases/export.xlsx', () => {
  it('gives the center every case, in Chinese columns, with the writer masked', async () => {
    const { header, rows, ws, res } = await caseRows('/api/cases/export.xlsx', tok.dispatcher);
    expect(header).toEqual(HEADERS);
    expect(CASE_COLUMNS.map((c) => c.header)).toEqual(HEADERS);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const cd = res.headers.get('content-disposition')!;
    expect(cd).toMatch(/^attachment; filename="cases-\d{8}-\d{4}\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(cd.split("UTF-8''")[1])).toMatch(/^案件列表_\d{8}-\d{4}\.xlsx$/);
    expect(res.headers.get('x-export-rows')).toBe('4');
    expect(rows).toHaveLength(4);

    const a = byNumber(rows, caseA.number)!;
    expect(a).toMatchObject({ 标题: '香蜜湖夜间施工噪音', 类别: '治安管理', 区: '福田区', 状态: '已签收', 承办单位: '福田区分局', 类型: '投诉', 来信人: '赵*', 电话: '137****7001' });
    // The center may see who wrote a confidential letter, masked as on screen.
    expect(byNumber(rows, conduct.number)).toMatchObject({ 来信人: '钱*', 电话: '137****7002', 承办单位: '督察支队' });

    // Times are real Excel dates in China time, shown as 2026年11月28日 09:30.
    const detail = (await t.api.get(`/api/cases/${caseA.id}`, tok.dispatcher)).body;
    const local = detail.receivedAt.slice(0, 16); // "YYYY-MM-DDTHH:mm" at +08:00
    expect(a['受理时间']).toBeInstanceOf(Date);
    expect((a['受理时间'] as Date).toISOString().slice(0, 16)).toBe(local);
    expect(a['签收时间']).toBeInstanceOf(Date);
    expect(a['办结时间']).toBeNull();
    const col = HEADERS.indexOf('受理时间') + 1;
    expect(ws.getRow(2).getCell(col).numFmt).toBe(DATE_FORMAT);

    const h = rows.find((r) => r['标题'] === '历史来信')!;
    expect(h).toMatchObject({ 渠道: '12345政务服务便民热线', 状态: '已回访归档', 满意度: '基本满意', 来信人: null, 电话: null });
    expect((h['受理时间'] as Date).toISOString()).toBe('2025-03-04T09:30:00.000Z');
    expect((h['办结时间'] as Date).toISOString()).toBe('2025-03-10T17:05:00.000Z');
  });

  it('takes the filters of the case list', async () => {
    const byUnit = await caseRows('/api/cases/export.xlsx?unit=luohu-branch', tok.dispatcher);
    expect(byUnit.rows.map((r) => r['编号']).sort()).toHaveLength(2);
    expect(byUnit.rows.every((r) => r['承办单位'] === '罗湖区分局')).toBe(true);
    const byText = await caseRows(`/api/cases/export.xlsx?q=${encodeURIComponent('香蜜湖')}`, tok.dispatcher);
    expect(byText.rows.map((r) => r['编号'])).toEqual([caseA.number]);
    const byStatus = await caseRows('/api/cases/export.xlsx?status=closed', tok.dispatcher);
    expect(byStatus.rows.map((r) => r['标题'])).toEqual(['历史来信']);
    const list = await t.api.get('/api/cases?category=police_conduct', tok.dispatcher);
    const byCategory = await caseRows('/api/cases/export.xlsx?category=police_conduct', tok.dispatcher);
    expect(byCategory.rows.map((r) => r['编号'])).toEqual(list.body.items.map((i: any) => i.number));
    expect((await download('/api/cases/export.xlsx?status=nonsense', tok.dispatcher)).status).toBe(400);
  });

  it('gives a unit only its own cases, masked, and （保密） for a confidential letter about it', async () => {
    const { rows } = await caseRows('/api/cases/export.xlsx', tok.futian);
    expect(rows.map((r) => r['编号']).sort()).toEqual([caseA.number, conduct.number].sort());
    expect(byNumber(rows, caseA.number)).toMatchObject({ 来信人: '赵*', 电话: '137****7001' });
    expect(byNumber(rows, conduct.number)).toMatchObject({ 来信人: '（保密）', 电话: '（保密）' });
    // Asking for another unit's cases does not widen the scope.
    const other = await caseRows('/api/cases/export.xlsx?unit=luohu-branch', tok.futian);
    expect(other.rows).toEqual([]);

    const luohu = await caseRows('/api/cases/export.xlsx', tok.luohu);
    expect(luohu.rows.map((r) => r['标题']).sort()).toEqual(['东门群租房', '历史来信'].sort());
    expect(byNumber(luohu.rows, caseB.number)).toMatchObject({ 来信人: '钱*', 电话: '137****7002' });

    // The inspection unit handles police-conduct letters: it sees the writer (masked).
    const insp = await caseRows('/api/cases/export.xlsx', tok.inspection);
    expect(insp.rows.map((r) => r['编号'])).toEqual([conduct.number]);
    expect(insp.rows[0]).toMatchObject({ 来信人: '钱*', 电话: '137****7002' });
  });

  it('never contains a full phone number or name', async () => {
    for (const who of ['dispatcher', 'futian', 'luohu', 'inspection']) {
      const r = await download('/api/cases/export.xlsx', tok[who]);
      const wb = await workbook(r.buf);
      const text = JSON.stringify(wb.getWorksheet('案件列表')!.getSheetValues());
      expect(text).not.toContain('13700137001');
      expect(text).not.toContain('13700137002');
      expect(text).not.toContain('赵丽');
      expect(text).not.toContain('钱波');
    }
  });

  it('is an audited event: who, what filter, how many rows', async () => {
    const before = (await events('cases_exported')).length;
    await caseRows('/api/cases/export.xlsx?unit=futian-branch&overdue=0', tok.futian);
    const after = await events('cases_exported');
    expect(after).toHaveLength(before + 1);
    const e = after.at(-1)!;
    expect(e.case_id).toBeNull();
    expect(e.actor_label).toBe('福田民警');
    expect(e.data).toMatchObject({ filter: { unit: 'futian-branch', overdue: '0' }, rows: 2, total: 2, truncated: false });
  });

  it('answers 401 to anonymous callers, 403 to citizens and viewers', async () => {
    expect((await download('/api/cases/export.xlsx')).status).toBe(401);
    const c = await download('/api/cases/export.xlsx', alice);
    expect(c.status).toBe(403);
    expect(c.json().error.code).toBe('forbidden');
    expect((await download('/api/cases/export.xlsx', tok.viewer)).status).toBe(403);
  });
});

describe('GET /api/stats/export.xlsx', () => {
  it('gives the center the overview, the unit ranking and the breakdowns of a month', async () => {
    const r = await download('/api/stats/export.xlsx?month=2025-03', tok.dispatcher);
    expect(r.status).toBe(200);
    const cd = r.headers.get('content-disposition')!;
    expect(cd).toContain('filename="jiesu-stats-2025-03.xlsx"');
    expect(decodeURIComponent(cd.split("UTF-8''")[1])).toBe('接诉即办统计_2025-03.xlsx');
    const wb = await workbook(r.buf);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概览', '单位排名', '渠道分布', '类别分布', '辖区分布', '说明']);

    const overview = Object.fromEntries(wb.getWorksheet('概览')!.getSheetValues().slice(2).map((v: any) => [v[1], v[2]]));
    expect(overview['统计期间']).toBe('2025年3月1日 至 2025年3月31日');
    expect(overview['统计范围']).toBe('全市');
    expect(overview['受理']).toBe(1);
    expect(overview['满意率']).toBe(1);
    const rateRow = wb.getWorksheet('概览')!.getSheetValues().findIndex((v: any) => v?.[1] === '满意率');
    expect(wb.getWorksheet('概览')!.getRow(rateRow).getCell(2).numFmt).toBe('0.0%');

    const ranking = wb.getWorksheet('单位排名')!;
    expect((ranking.getRow(1).values as unknown[]).slice(1)).toEqual(['排名', '单位', '受理量', '响应率', '解决率', '满意率', '有效回访', '综合得分']);
    const luohu = ranking.getSheetValues().find((v: any) => v?.[2] === '罗湖区分局') as any[];
    expect(luohu[3]).toBe(1);
    expect(ranking.getSheetValues().length - 2).toBe((await t.api.get('/api/stats/units?month=2025-03', tok.dispatcher)).body.length);

    const channels = wb.getWorksheet('渠道分布')!.getSheetValues().slice(2) as any[];
    expect(channels.map((v) => [v[1], v[2]])).toEqual([['12345政务服务便民热线', 1]]);
    expect((wb.getWorksheet('辖区分布')!.getRow(1).values as unknown[])[1]).toBe('辖区');
  });

  it('takes a period from the dashboard, and gives a unit its own figures without the ranking', async () => {
    const now = (await t.api.get(`/api/cases/${caseA.id}`, tok.dispatcher)).body.receivedAt.slice(0, 10);
    const r = await download(`/api/stats/export.xlsx?from=${now}&to=2100-01-01&unit=luohu-branch`, tok.futian);
    expect(r.status).toBe(200);
    const wb = await workbook(r.buf);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概览', '渠道分布', '类别分布', '辖区分布', '说明']);
    const overview = Object.fromEntries(wb.getWorksheet('概览')!.getSheetValues().slice(2).map((v: any) => [v[1], v[2]]));
    expect(overview['统计范围']).toBe('福田区分局');
    expect(overview['受理']).toBe(1); // caseA; the conduct letter's main unit is the inspection unit
    expect(decodeURIComponent(r.headers.get('content-disposition')!.split("UTF-8''")[1])).toMatch(/^接诉即办统计_\d{4}-\d{2}-\d{2}_2099-12-31\.xlsx$/);
  });

  it('is audited, checks the month, and refuses citizens and anonymous callers', async () => {
    const before = (await events('stats_exported')).length;
    expect((await download('/api/stats/export.xlsx?month=2025-03', tok.viewer)).status).toBe(200);
    const e = (await events('stats_exported')).at(-1)!;
    expect((await events('stats_exported')).length).toBe(before + 1);
    expect(e.case_id).toBeNull();
    expect(e.data).toMatchObject({ month: '2025-03', unit: null, sheets: ['概览', '单位排名', '渠道分布', '类别分布', '辖区分布'] });
    expect(e.data.rows).toBeGreaterThan(16);
    expect((await download('/api/stats/export.xlsx?month=2025-13', tok.dispatcher)).status).toBe(400);
    expect((await download('/api/stats/export.xlsx')).status).toBe(401);
    expect((await download('/api/stats/export.xlsx', alice)).status).toBe(403);
  });
});
