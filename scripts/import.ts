// `npm run import -- FILE [--batch-size N]`: historical cases from .xlsx or .csv into the store that
// `npm start` uses (DATA_DIR or DATABASE_URL). The work is in src/commands/importFile.ts; this is
// only arguments, the progress bar on stderr, the report on stdout and the exit code:
// 0 everything imported or already there, 2 some rows rejected, 1 a fatal error.
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { openStore, migrate, type Store } from '../src/store/db.js';
import { seedOrganisation } from '../src/store/seed.js';
import { CatalogCache } from '../src/store/catalog.js';
import { Clock } from '../src/clock.js';
import { RecordingProvider } from '../src/notify/messages.js';
import type { Deps } from '../src/commands/deps.js';
import { importSheet, rejectedCsv, readCaseFile, checkHeaders, ImportFileError, type SheetData, type ImportReport } from '../src/commands/importFile.js';

const USAGE = `用法 / usage: npm run import -- FILE.xlsx|FILE.csv [--batch-size 500]

  列（中文或英文表头）/ columns: 外部编号/externalId, 渠道/channel, 受理时间/receivedAt, 标题/title,
  内容/content, 地址/address, 类别/category, 承办单位/unitCode, 办结时间/closedAt, 满意度/satisfaction
  数据库 / store: DATA_DIR（默认 ./data）或 DATABASE_URL，与 npm start 相同
  退出码 / exit code: 0 全部导入或已存在, 2 有被拒绝的行（见 FILE.rejected.csv）, 1 致命错误`;

const fmt = new Intl.NumberFormat('zh-CN');
const n = (x: number) => fmt.format(x);

function parseArgs(argv: string[]): { file: string; batchSize: number } | null {
  let file: string | undefined;
  let batchSize = 500;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') return null;
    if (a === '--batch-size' || a === '--batch') { batchSize = Number(argv[++i]); continue; }
    if (a.startsWith('--batch-size=')) { batchSize = Number(a.slice(13)); continue; }
    if (a.startsWith('-')) throw new ImportFileError(`未知选项 ${a}`);
    if (file) throw new ImportFileError('一次只能导入一个文件');
    file = a;
  }
  if (!file) return null;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) throw new ImportFileError('--batch-size 须为 1 到 5000 的整数');
  return { file, batchSize };
}

/** `\r[#####.....] 1,234/10,000 · 850 行/秒` on a terminal; a plain line every few seconds otherwise. */
function progressBar() {
  const tty = process.stderr.isTTY;
  const t0 = Date.now();
  let last = 0;
  return (done: number, total: number, final = false) => {
    const now = Date.now();
    if (!final && now - last < (tty ? 100 : 5000)) return;
    last = now;
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    const rate = done / Math.max(0.001, (now - t0) / 1000);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n(done)}/${n(total)} · ${n(Math.round(rate))} 行/秒`;
    process.stderr.write(tty ? `\r${line}${final ? '\n' : ''}` : `${line}\n`);
  };
}

function describeStore(databaseUrl: string | undefined, dataDir: string): string {
  if (databaseUrl) {
    try { const u = new URL(databaseUrl); return `PostgreSQL ${u.host}${u.pathname}`; } catch { return 'PostgreSQL'; }
  }
  return `嵌入式 PGlite ${path.resolve(dataDir)}`;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try { args = parseArgs(process.argv.slice(2)); } catch (e: any) { console.error(`${e.message}\n\n${USAGE}`); return 1; }
  if (!args) { console.error(USAGE); return 1; }
  const file = path.resolve(args.file);

  // The file first: a file that cannot be read, or lacks a column, should not open (or create) a store.
  let sheet: SheetData;
  try {
    sheet = await readCaseFile(file);
    checkHeaders(sheet);
  } catch (e: any) {
    console.error(`导入失败：${e.message}`);
    return 1;
  }

  const config = loadConfig();
  const embedded = !config.databaseUrl;
  const fresh = embedded && (!existsSync(config.dataDir) || (statSync(config.dataDir).isDirectory() && readdirSync(config.dataDir).length === 0));
  console.error(`数据库：${describeStore(config.databaseUrl, config.dataDir)}${fresh ? '（新建的空数据库）' : ''}`);
  if (embedded) console.error('注意：嵌入式数据库同一时间只能由一个进程打开，导入前请先停止使用同一 DATA_DIR 的 npm start。');

  let store: Store;
  try {
    store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrate(store);
    await seedOrganisation(store);
  } catch (e: any) {
    console.error(`导入失败：无法打开数据库（${describeStore(config.databaseUrl, config.dataDir)}）：${e.message}`);
    return 1;
  }
  try {
    const clock = new Clock();
    await clock.refresh(store);
    const deps: Deps = { store, clock, catalog: new CatalogCache(store), messages: new RecordingProvider() };
    const actor = { kind: 'system' as const, label: `命令行导入（${process.env.USER || process.env.USERNAME || '未知用户'}）` };
    const bar = progressBar();
    let shown: [number, number] = [0, 0];
    let report: ImportReport;
    try {
      report = await importSheet(deps, actor, sheet, path.basename(file), { batchSize: args.batchSize, onProgress: (d, t) => { shown = [d, t]; bar(d, t); } });
    } finally {
      bar(shown[0], shown[1], true);
    }

    const rejectedFile = `${file}.rejected.csv`;
    const out = [
      `导入完成：${path.basename(file)}`,
      `  共 ${n(report.rows)} 行 · 导入 ${n(report.imported)} · 已存在跳过 ${n(report.skipped)} · 拒绝 ${n(report.rejected.length)}`,
    ];
    if (report.rejected.length) {
      writeFileSync(rejectedFile, rejectedCsv(sheet.headers, report.rejected));
      out.push('  被拒绝的行：');
      const shownRows = report.rejected.slice(0, 50);
      for (const r of shownRows) out.push(`    第 ${r.rowNumber} 行：${r.reason}`);
      if (report.rejected.length > shownRows.length) out.push(`    ……另有 ${n(report.rejected.length - shownRows.length)} 行`);
      out.push(`  被拒绝的行及原因已写入 ${rejectedFile}（修改后可再次导入该文件）`);
    } else if (existsSync(rejectedFile)) {
      // A list of rejections from an earlier run would now be wrong.
      rmSync(rejectedFile);
    }
    if (report.imported) out.push('  导入的历史案件计入统计；直派模型将在各服务进程下次训练时（至多30分钟）学习这些案件。');
    console.log(out.join('\n'));
    return report.rejected.length ? 2 : 0;
  } catch (e: any) {
    console.error(`\n导入失败：${e?.message ?? String(e)}`);
    console.error('已提交的批次保留在数据库中；再次运行同一文件时，已导入的行会被跳过。');
    return 1;
  } finally {
    await store.close().catch(() => {});
  }
}

process.exitCode = await main();
