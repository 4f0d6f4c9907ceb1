// `npm run import -- FILE`: a real child process over a real store (DATA_DIR, or a fresh database
// on the PostgreSQL server of TEST_DATABASE_URL) — exit codes, report, FILE.rejected.csv,
// idempotency, and the cases as they land in the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import ExcelJS from 'exceljs';
import { usingServer, startTestSystem } from './helpers/system.js';
import { openStore, type Store } from '../src/store/db.js';
import { mapHeaders, mapRow, parseImportTime, parseSatisfaction } from '../src/domain/importRows.js';
import { importSheet, type SheetData } from '../src/commands/importFile.js';
import type { Catalog } from '../src/store/catalog.js';

const dirs: string[] = [];
const dbs: string[] = [];
let dir: string;
let env: Record<string, string>;

async function storeEnv(): Promise<Record<string, string>> {
  if (!usingServer()) return { DATA_DIR: path.join(dir, 'data') };
  const name = `jsjb_imp_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  dbs.push(name);
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${name}`;
  return { DATABASE_URL: u.toString() };
}

function runImport(file: string, extraEnv: Record<string, string> = env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: Record<string, string | undefined> = { ...process.env, DATA_DIR: undefined, DATABASE_URL: undefined, ...extraEnv };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', file], { env: childEnv as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Reads the store after the child has exited (the embedded store is one process at a time). */
async function withStore<T>(fn: (s: Store) => Promise<T>): Promise<T> {
  const s = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try { return await fn(s); } finally { await s.close(); }
}

/** A spreadsheet date cell: its wall clock is China time. */
const cell = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'jsjb-import-'));
  dirs.push(dir);
  env = await storeEnv();
});

afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (dbs.length) {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    for (const name of dbs) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
});

describe('the row rules (pure)', () => {
  const catalog = {
    channels: new Map([['12345', { name: '12345热线' }], ['wechat', { name: '微信公众号' }]]),
    categories: new Map([['public_order', { name: '治安管理' }], ['fraud', { name: '电信网络诈骗' }]]),
    units: new Map([['futian-branch', { name: '福田区分局' }], ['a', { name: '同名单位' }], ['b', { name: '同名单位' }]]),
  };
  const now = new Date('2026-11-28T12:00:00+08:00');
  const ok = { externalId: 'X1', channel: '12345', receivedAt: '2026-01-05 09:30', content: '内容', category: '治安管理', unitCode: '福田区分局' };

  it('maps Chinese and English headers, and finds what is missing or named twice', () => {
    const m = mapHeaders(['\uFEFF外部编号', 'Channel', '*受理时间', '内容（必填）', 'category', 'unit_code', '备注']);
    expect([...m.columns.values()]).toEqual(['externalId', 'channel', 'receivedAt', 'content', 'category', 'unitCode']);
    expect(m.missing).toEqual([]);
    expect(mapHeaders(['外部编号', '渠道']).missing).toEqual(['receivedAt', 'content', 'category', 'unitCode']);
    expect(mapHeaders(['单位', '承办单位']).duplicates).toEqual([{ field: 'unitCode', headers: ['单位', '承办单位'] }]);
  });

  it('reads times as China time', () => {
    const at = '2026-01-05T01:30:00.000Z';
    for (const s of ['2026-01-05 09:30', '2026/1/5 9:30', '2026年1月5日 09:30', '2026年1月5日9时30分', '2026-01-05T09:30:00+08:00', '2026-01-05T01:30:00Z']) {
      expect(parseImportTime(s)?.toISOString(), s).toBe(at);
    }
    expect(parseImportTime(cell(2026, 1, 5, 9, 30))?.toISOString()).toBe(at);
    expect(parseImportTime('2026-01-05')?.toISOString()).toBe('2026-01-04T16:00:00.000Z');
    for (const s of ['2026-02-30', '2026-13-01', '明天', '2026-01-05 25:00', '']) expect(parseImportTime(s), s).toBeNull();
  });

  it('reads satisfaction in either language', () => {
    expect(['满意', '基本满意', '不满意', 'satisfied', 'Basically Satisfied', 'unsatisfied'].map(parseSatisfaction))
      .toEqual(['satisfied', 'basically_satisfied', 'unsatisfied', 'satisfied', 'basically_satisfied', 'unsatisfied']);
    expect(parseSatisfaction('还行')).toBeNull();
  });

  it('resolves names through the catalog and gives reasons in Chinese', () => {
    const r = mapRow({ ...ok, satisfaction: '基本满意', closedAt: '2026-01-08 10:00' }, catalog, now);
    expect(r).toEqual({ ok: true, value: {
      externalId: 'X1', channel: '12345', receivedAt: '2026-01-05T09:30:00.000+08:00', content: '内容', category: 'public_order',
      unitCode: 'futian-branch', closedAt: '2026-01-08T10:00:00.000+08:00', satisfaction: 'basically_satisfied',
    } });
    const reason = (cells: Record<string, unknown>) => { const x = mapRow({ ...ok, ...cells } as any, catalog, now); return x.ok ? null : x.reason; };
    expect(reason({ content: ' ' })).toBe('缺少内容');
    expect(reason({ channel: 'fax' })).toBe('渠道“fax”不存在');
    expect(reason({ category: '交通' })).toBe('类别“交通”不存在');
    expect(reason({ unitCode: '同名单位' })).toContain('对应多个承办单位');
    expect(reason({ receivedAt: '2026-02-30' })).toBe('受理时间“2026-02-30”不是有效的时间');
    expect(reason({ receivedAt: '2027-01-01' })).toBe('受理时间“2027-01-01”晚于当前时间');
    expect(reason({ closedAt: '2026-01-01' })).toBe('办结时间早于受理时间');
    expect(reason({ satisfaction: '还行' })).toContain('满意度“还行”无法识别');
    expect(reason({ title: '长'.repeat(201) })).toBe('标题超过200字');
  });
});

describe('importSheet', () => {
  it('halves a batch the store refuses until the refused row stands alone, and imports the rest', async () => {
    const t = await startTestSystem();
    try {
      // The rows are checked against a catalog that still has a unit which is gone by the time the store
      // writes (an admin changed it meanwhile): only the store's own check can refuse that row.
      const real = await t.sys.deps.catalog.get();
      const stale: Catalog = { ...real, units: new Map([...real.units, ['ghost-unit', { code: 'ghost-unit', name: '已撤销单位', kind: 'city' }]]) };
      let calls = 0;
      const deps = { ...t.sys.deps, catalog: { get: async () => (calls++ === 0 ? stale : real), invalidate() {} } as any };
      const sheet: SheetData = {
        headers: ['外部编号', '渠道', '受理时间', '内容', '类别', '承办单位'], headerRow: 1,
        rows: Array.from({ length: 7 }, (_, i) => ({
          rowNumber: i + 2, cells: [`S-${i}`, '12345', '2025-06-01 10:00', `第${i}封`, 'public_order', i === 4 ? '已撤销单位' : 'futian-branch'],
        })),
      };
      const progress: number[] = [];
      const r = await importSheet(deps, { kind: 'system', label: '测试' }, sheet, 'x.xlsx', { batchSize: 5, onProgress: (d) => progress.push(d) });
      expect(r).toMatchObject({ rows: 7, imported: 6, skipped: 0 });
      expect(r.rejected.map((x) => [x.rowNumber, x.reason])).toEqual([[6, '单位“ghost-unit”不存在']]);
      expect(progress.at(-1)).toBe(7);
      const n = (await t.sys.store.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE external_id LIKE 'S-%'")).rows[0].n;
      expect(n).toBe(6);
    } finally {
      await t.close();
    }
  }, 120_000);
});

describe('npm run import -- FILE', () => {
  it('imports an .xlsx, rejects bad rows alone with their reasons, and skips on a second run', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('历史案件');
    ws.addRow(['外部编号', '渠道', '受理时间', '标题', '内容', '地址', '类别', '承办单位', '办结时间', '满意度']);
    ws.addRow(['OLD-1', '12345', cell(2025, 3, 4, 9, 30), '噪音扰民', '小区夜间施工噪音扰民严重。', '福田区香蜜湖', '治安管理', '福田区分局', cell(2025, 3, 10, 17, 5), '满意']);
    ws.addRow(['OLD-2', '微信公众号', '2025-03-05 08:00', null, '接到冒充客服的诈骗电话。', null, 'fraud', 'anti-fraud', null, null]);
    ws.addRow(['OLD-3', '12345', cell(2025, 3, 6), '单位不存在', '内容', null, '治安管理', '火星分局', null, null]); // row 4
    ws.addRow([]); // an empty row is no row
    ws.addRow(['OLD-4', '12345', cell(2025, 3, 6), '满意度有误', '内容', null, '治安管理', 'futian-branch', cell(2025, 3, 7), '还行']); // row 6
    ws.addRow(['OLD-5', '12345', cell(2025, 3, 9), '办结早于受理', '内容', null, 'public_order', 'futian-branch', cell(2025, 3, 8), '不满意']); // row 7
    ws.addRow(['OLD-6', 'petition', '2025年3月9日 14:20', '信访件', '关于户口迁移的信访件。', null, '户政业务', 'household', '2025/3/20 9:00', 'basically_satisfied']);
    const file = path.join(dir, '历史案件.xlsx');
    await wb.xlsx.writeFile(file);

    const first = await runImport(file);
    expect(first.code, first.stderr).toBe(2);
    expect(first.stdout).toContain('共 6 行 · 导入 3 · 已存在跳过 0 · 拒绝 3');
    expect(first.stdout).toContain('第 4 行：承办单位“火星分局”不存在');
    expect(first.stdout).toContain('第 6 行：满意度“还行”无法识别');
    expect(first.stdout).toContain('第 7 行：办结时间早于受理时间');
    expect(first.stderr).toMatch(/\[#+\] 6\/6 · [\d,]+ 行\/秒/);

    const rejected = readFileSync(`${file}.rejected.csv`, 'utf8');
    expect(rejected.charCodeAt(0)).toBe(0xfeff);
    const lines = rejected.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('外部编号,渠道,受理时间,标题,内容,地址,类别,承办单位,办结时间,满意度,行号,原因');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('OLD-3,12345,2025-03-06 00:00,单位不存在,内容,,治安管理,火星分局,,,4,承办单位“火星分局”不存在');

    const second = await runImport(file);
    expect(second.code).toBe(2);
    expect(second.stdout).toContain('共 6 行 · 导入 0 · 已存在跳过 3 · 拒绝 3');

    const rows = await withStore(async (s) => (await s.query<any>(
      `SELECT external_id, channel, category, unit_code, status, received_at, closed_at, eval_satisfaction, imported, title
         FROM cases WHERE external_id LIKE 'OLD-%' ORDER BY external_id`)).rows);
    expect(rows.map((r) => r.external_id)).toEqual(['OLD-1', 'OLD-2', 'OLD-6']);
    expect(rows[0]).toMatchObject({ channel: '12345', category: 'public_order', unit_code: 'futian-branch', status: 'closed', eval_satisfaction: 'satisfied', imported: true });
    expect(new Date(rows[0].received_at).toISOString()).toBe('2025-03-04T01:30:00.000Z');
    expect(new Date(rows[0].closed_at).toISOString()).toBe('2025-03-10T09:05:00.000Z');
    expect(rows[1]).toMatchObject({ channel: 'wechat', category: 'fraud', unit_code: 'anti-fraud', status: 'signed', closed_at: null, eval_satisfaction: null });
    expect(rows[2]).toMatchObject({ channel: 'petition', category: 'household', unit_code: 'household', eval_satisfaction: 'basically_satisfied' });
    expect(new Date(rows[2].received_at).toISOString()).toBe('2025-03-09T06:20:00.000Z');

    const audit = await withStore(async (s) => (await s.query<any>(
      "SELECT actor_kind, actor_label, data FROM case_events WHERE case_id IS NULL AND action = 'cases_imported' ORDER BY id")).rows);
    expect(audit.map((e) => e.data)).toEqual([
      { file: '历史案件.xlsx', rows: 6, imported: 3, skipped: 0, rejected: 3 },
      { file: '历史案件.xlsx', rows: 6, imported: 0, skipped: 3, rejected: 3 },
    ]);
    expect(audit[0].actor_kind).toBe('system');
    expect(audit[0].actor_label).toMatch(/^命令行导入/);
  }, 120_000);

  it('imports a UTF-8 CSV with BOM and English headers, keeps text as text, and exits 0', async () => {
    const file = path.join(dir, 'history.csv');
    writeFileSync(file, '\uFEFF' + [
      'externalId,channel,receivedAt,title,content,address,category,unitCode,closedAt,satisfaction,note',
      '000123,12345,2025-04-01 10:00,"Title, with comma","多行\n内容，带""引号""",罗湖区东门,public_order,luohu-branch,2025-04-03 16:00,unsatisfied,x',
      '000124,wechat,2025-04-02T10:00:00+08:00,,诈骗电话,,电信网络诈骗,反电信网络诈骗中心,,,',
      '',
    ].join('\r\n'));
    // A stale list of rejections from an earlier run is removed when nothing is rejected.
    writeFileSync(`${file}.rejected.csv`, 'stale');
    const first = await runImport(file);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    expect(first.stdout).toContain('共 2 行 · 导入 2 · 已存在跳过 0 · 拒绝 0');
    expect(existsSync(`${file}.rejected.csv`)).toBe(false);
    const again = await runImport(file);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('导入 0 · 已存在跳过 2');
    const rows = await withStore(async (s) => (await s.query<any>(
      "SELECT external_id, title, content, unit_code, category, eval_satisfaction, status FROM cases WHERE external_id LIKE '0001%' ORDER BY external_id")).rows);
    expect(rows).toEqual([
      { external_id: '000123', title: 'Title, with comma', content: '多行\n内容，带"引号"', unit_code: 'luohu-branch', category: 'public_order', eval_satisfaction: 'unsatisfied', status: 'closed' },
      { external_id: '000124', title: '诈骗电话', content: '诈骗电话', unit_code: 'anti-fraud', category: 'fraud', eval_satisfaction: null, status: 'signed' },
    ]);
  }, 120_000);

  it('exits 1 on a fatal error: no file, a wrong kind of file, missing columns, no store', async () => {
    const missing = await runImport(path.join(dir, 'nope.xlsx'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('文件不存在');

    const txt = path.join(dir, 'cases.txt');
    writeFileSync(txt, 'x');
    expect((await runImport(txt)).code).toBe(1);

    const noColumns = path.join(dir, 'short.csv');
    writeFileSync(noColumns, '外部编号,渠道,内容\nA,12345,内容\n');
    const r = await runImport(noColumns);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('缺少必需的列：受理时间、类别、承办单位');

    const good = path.join(dir, 'history.csv');
    // DATA_DIR that is a file: the embedded store cannot be opened there.
    const noStore = await runImport(good, { DATA_DIR: txt });
    expect(noStore.code).toBe(1);
    expect(noStore.stderr).toContain('无法打开数据库');
    if (usingServer()) {
      const u = new URL(process.env.TEST_DATABASE_URL!);
      u.pathname = '/jsjb_no_such_database';
      const noDb = await runImport(good, { DATABASE_URL: u.toString() });
      expect(noDb.code).toBe(1);
      expect(noDb.stderr).toContain('无法打开数据库');
    }
  }, 120_000);
});
