// `npm run restore -- FILE`: restores a backup made by `npm run backup` into the EMPTY store that
// `npm start` would use (DATABASE_URL, or DATA_DIR), then proves it: the file's SHA-256 against its
// manifest, every counted table's rows against the manifest (for a server dump: against the dump's own
// table of contents), the schema brought up to this version, and the whole audit trail re-verified.
// Exit code 0 restored and verified, 3 restored but not as saved (counts or trail), 1 failed.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../src/config.js';
import { migrate, openStore } from '../src/store/db.js';
import { BACKUP_FORMAT, countRows, restoreEmbedded, restoreServer, sha256File, trailHead, type Manifest } from '../src/store/backup.js';
import { verifyTrail } from '../src/commands/verifyTrail.js';

const USAGE = `用法 / usage: npm run restore -- 备份文件

  把 npm run backup 的备份恢复到 npm start 所用的空数据库（DATABASE_URL 或空的 DATA_DIR），
  然后核对：文件 SHA-256、各表行数、审计链逐条重算。退出码 0 完成且一致，3 不一致，1 失败。`;

const fmt = new Intl.NumberFormat('zh-CN');

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.length !== 1 || argv[0].startsWith('-')) { console.error(USAGE); return 1; }
  const file = argv[0];
  if (!existsSync(file)) { console.error(`找不到备份文件 ${file}`); return 1; }
  if (!existsSync(`${file}.json`)) { console.error(`找不到清单 ${file}.json：没有清单无法核对备份`); return 1; }
  const manifest = JSON.parse(await readFile(`${file}.json`, 'utf8')) as Manifest;
  if (manifest.format !== BACKUP_FORMAT) { console.error(`不认识的备份格式 ${manifest.format}`); return 1; }
  const sha = await sha256File(file);
  if (sha !== manifest.sha256) { console.error(`备份文件已损坏或被改动：SHA-256 ${sha} ≠ 清单 ${manifest.sha256}`); return 1; }

  const config = loadConfig();
  const kind = config.databaseUrl ? 'postgres' : 'embedded';
  if (kind !== manifest.store) {
    console.error(`这是${manifest.store === 'postgres' ? ' PostgreSQL' : '嵌入式'}数据库的备份，目标却是${kind === 'postgres' ? ' PostgreSQL (DATABASE_URL)' : '嵌入式 (DATA_DIR)'}：请用同类数据库恢复`);
    return 1;
  }
  const t0 = Date.now();
  if (config.databaseUrl) {
    const target = await openStore({ databaseUrl: config.databaseUrl, poolSize: 1 });
    try { await restoreServer(config.databaseUrl, file, target); } finally { await target.close(); }
  } else {
    await restoreEmbedded(config.dataDir, file);
  }

  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    const counts = await countRows(store);
    const head = await trailHead(store);
    const newer = await migrate(store);
    const trail = await verifyTrail(store);
    const wrong = Object.entries(manifest.counts).filter(([t, n]) => counts[t] !== n);
    const headOk = !manifest.trailHead || (head?.globalHash === manifest.trailHead.globalHash && head.seq === manifest.trailHead.seq);
    console.log([
      `恢复完成 / restored: ${file} → ${config.databaseUrl ? 'PostgreSQL' : config.dataDir} · 用时 ${fmt.format(Date.now() - t0)} ms`,
      `  ${Object.entries(counts).map(([t, n]) => `${t} ${fmt.format(n)}`).join(' · ')}`,
      wrong.length ? `  行数与清单不符 / counts differ: ${wrong.map(([t, n]) => `${t} 清单 ${n} 实际 ${counts[t] ?? '无此表'}`).join('；')}` : '  行数与清单一致 / counts match',
      headOk ? '  审计链末端与清单一致 / trail head matches' : `  审计链末端与清单不符：清单 ${manifest.trailHead?.globalHash} 实际 ${head?.globalHash ?? '无'}`,
      trail.ok ? `  审计链完整 / trail intact (${fmt.format(trail.checked)} 条事件)` : `  审计链有断点 / trail BROKEN: ${trail.firstBroken?.reason}`,
      newer.length ? `  已升级到本版本的数据库结构：${newer.join('、')}` : '  数据库结构已是本版本',
    ].join('\n'));
    return wrong.length || !headOk || !trail.ok ? 3 : 0;
  } finally {
    await store.close();
  }
}

main().then((code) => process.exit(code), (e) => { console.error(`恢复失败：${e?.message ?? e}`); process.exit(1); });
