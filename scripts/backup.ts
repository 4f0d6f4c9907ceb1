// `npm run backup [-- --out DIR]`: a consistent backup of the store `npm start` uses (DATABASE_URL, or
// the embedded store in DATA_DIR — stop that server first) and its manifest (SHA-256, row counts,
// trail head). Encryption keys and other secrets from the environment are never written into it:
// keep them apart from the backups. Exit code 0 written, 1 failed.
import { mkdirSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { BACKUP_FORMAT, dumpEmbedded, dumpServer, sha256File, type Manifest } from '../src/store/backup.js';

const USAGE = `用法 / usage: npm run backup [-- --out 目录]

  备份 npm start 所用的数据库（DATABASE_URL 或 DATA_DIR），并写出清单（SHA-256、各表行数、审计链末端）。
  嵌入式数据库须先停止使用同一 DATA_DIR 的服务；PostgreSQL 可在线备份（pg_dump 一致快照）。
  加密密钥等环境变量中的机密不会写入备份，请另行保管。默认目录 ./backups`;

const fmt = new Intl.NumberFormat('zh-CN');

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let outDir = './backups';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') outDir = argv[++i] ?? '';
    else { console.error(argv[i] === '-h' || argv[i] === '--help' ? USAGE : `未知参数 ${argv[i]}\n\n${USAGE}`); return 1; }
  }
  if (!outDir) { console.error(USAGE); return 1; }
  const config = loadConfig();
  const kind = config.databaseUrl ? 'postgres' : 'embedded';
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const file = path.resolve(outDir, `jsjb-${kind}-${stamp}.${kind === 'postgres' ? 'dump' : 'tar.gz'}`);

  const t0 = Date.now();
  const snap = config.databaseUrl ? await dumpServer(config.databaseUrl, file) : await dumpEmbedded(config.dataDir, file);
  const { counts, trailHead: head, migrations } = snap;
  const manifest: Manifest = {
    format: BACKUP_FORMAT, store: kind, createdAt: new Date().toISOString(), file: path.basename(file),
    bytes: (await stat(file)).size, sha256: await sha256File(file), migrations, counts, trailHead: head,
  };
  await writeFile(`${file}.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log([
    `备份完成 / backup written: ${file}`,
    `  ${fmt.format(manifest.bytes)} 字节 · SHA-256 ${manifest.sha256} · 用时 ${fmt.format(Date.now() - t0)} ms`,
    `  ${Object.entries(counts).map(([t, n]) => `${t} ${fmt.format(n)}`).join(' · ')}`,
    head ? `  审计链末端 seq ${head.seq} · ${head.globalHash}` : '  审计链尚未封存',
    `  清单 / manifest: ${file}.json`,
  ].join('\n'));
  return 0;
}

main().then((code) => process.exit(code), (e) => { console.error(`备份失败：${e?.message ?? e}`); process.exit(1); });
