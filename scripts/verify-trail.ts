// `npm run verify-trail [-- --json]`: checks the whole audit trail of the store that `npm start` uses
// (DATA_DIR or DATABASE_URL) — every case's hash chain, the admin events' chain and the sealed global
// chain — recomputing every hash (src/commands/verifyTrail.ts), and names the first broken link.
// Exit code: 0 intact, 3 broken, 1 could not check (no store, store not migrated, error).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { openStore, type Store } from '../src/store/db.js';
import { verifyTrail } from '../src/commands/verifyTrail.js';

const USAGE = `用法 / usage: npm run verify-trail [-- --json] [--batch 5000]

  校验审计链：逐案哈希链、管理事件链与全局封存链，逐条重算哈希，指出第一处断点。
  数据库 / store: DATA_DIR（默认 ./data）或 DATABASE_URL，与 npm start 相同
  退出码 / exit code: 0 完整 intact, 3 有断点 broken, 1 无法校验 could not check`;

const fmt = new Intl.NumberFormat('zh-CN');
const n = (x: number) => fmt.format(x);

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let json = false;
  let batch = 5000;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--batch') batch = Number(argv[++i]);
    else if (a === '-h' || a === '--help') { console.error(USAGE); return 1; }
    else { console.error(`未知参数 ${a}\n\n${USAGE}`); return 1; }
  }
  if (!Number.isInteger(batch) || batch < 100 || batch > 100_000) { console.error('--batch 须为 100 到 100000 的整数'); return 1; }

  const config = loadConfig();
  const where = config.databaseUrl ? (() => { try { const u = new URL(config.databaseUrl!); return `PostgreSQL ${u.host}${u.pathname}`; } catch { return 'PostgreSQL'; } })()
    : `嵌入式 PGlite ${path.resolve(config.dataDir)}`;
  if (!config.databaseUrl && (!existsSync(config.dataDir) || readdirSync(config.dataDir).length === 0)) {
    console.error(`没有数据库：${where} 不存在或为空`);
    return 1;
  }
  if (!json) {
    console.error(`数据库：${where}`);
    if (!config.databaseUrl) console.error('注意：嵌入式数据库同一时间只能由一个进程打开，校验前请先停止使用同一 DATA_DIR 的 npm start。');
  }

  let store: Store;
  try {
    store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  } catch (e: any) {
    console.error(`无法打开数据库（${where}）：${e.message}`);
    return 1;
  }
  try {
    const migrated = await store.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables t WHERE t.table_name = 'trail_head' AND t.table_schema = current_schema()");
    if (!migrated.rows[0].n) {
      console.error('此数据库尚无审计链（迁移 008_trail 未执行）：请先用新版本运行一次 npm start。');
      return 1;
    }
    const tty = process.stderr.isTTY && !json;
    const t0 = Date.now();
    const r = await verifyTrail(store, {
      batch,
      onProgress: tty ? (done) => process.stderr.write(`\r已校验 ${n(done)} 条事件 · ${n(Math.round(done / Math.max(0.001, (Date.now() - t0) / 1000)))} 条/秒`) : undefined,
    });
    if (tty) process.stderr.write('\n');
    if (json) {
      console.log(JSON.stringify(r, null, 2));
    } else {
      const rate = Math.round(r.checked / Math.max(0.001, r.ms / 1000));
      const lines = [
        r.ok ? '审计链完整 / trail intact' : '审计链有断点 / trail BROKEN',
        `  校验事件 ${n(r.checked)} 条（${n(r.streams)} 条事件流），全局链已封存 ${n(r.sealed)} 条 · 用时 ${n(r.ms)} ms · ${n(rate)} 条/秒`,
      ];
      if (r.head) lines.push(`  全局链末端 head: seq ${r.head.seq} · 事件 #${r.head.eventId} · ${r.head.globalHash}`);
      if (r.firstBroken) {
        const b = r.firstBroken;
        lines.push('', `第一处断点 / first broken link: 事件 #${b.eventId}${b.caseId !== null ? ` · 案件 ${b.caseId}` : ''} · ${b.code}`, `  ${b.reason}`);
        if (r.breaks.length > 1 || r.brokenStreams > 1) {
          lines.push('', `共 ${n(r.brokenStreams)} 条事件流断开${r.breaks.some((x) => x.seq !== undefined) ? '，全局链亦断开' : ''}：`);
          for (const x of r.breaks.slice(0, 20)) lines.push(`  #${x.eventId}${x.caseId !== null ? ` 案件 ${x.caseId}` : ''} ${x.code}`);
          if (r.breaks.length > 20) lines.push(`  ……另有 ${n(r.breaks.length - 20)} 处`);
        }
      }
      console.log(lines.join('\n'));
    }
    return r.ok ? 0 : 3;
  } catch (e: any) {
    console.error(`校验失败：${e?.message ?? String(e)}`);
    return 1;
  } finally {
    await store.close().catch(() => {});
  }
}

process.exitCode = await main();
