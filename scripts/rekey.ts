// `npm run rekey`: re-seals the personal data of the store that `npm start` uses (DATA_DIR or
// DATABASE_URL) with the first key of DATA_KEYS, and seals whatever was stored before sealing existed.
// Rotation: DATA_KEYS="k2:<new>,k1:<old>" → npm run rekey → DATA_KEYS="k2:<new>". It can run while the
// server runs (short transactions, SKIP LOCKED) and resumes where it stopped.
// `npm run rekey -- --new-key` prints a fresh random key and changes nothing.
// Exit code 0 done, 1 failed.
import { loadConfig } from '../src/config.js';
import { migrate, openStore } from '../src/store/db.js';
import { rekey } from '../src/commands/rekey.js';
import { newKey, vault } from '../src/store/vault.js';

const USAGE = `用法 / usage: npm run rekey [-- --new-key]

  用 DATA_KEYS 中的第一个密钥重新加密 npm start 所用数据库（DATA_DIR 或 DATABASE_URL）中的个人信息，
  并加密此前以明文保存的数据；同时重算手机号的索引哈希。可在服务运行时执行，中断后重跑即可继续。
  --new-key  生成一个新的随机密钥（base64）并退出，不改动数据。`;

const fmt = new Intl.NumberFormat('zh-CN');

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--new-key' && argv.length === 1) { console.log(newKey()); return 0; }
  if (argv.length) { console.error(argv[0] === '-h' || argv[0] === '--help' ? USAGE : `未知参数 ${argv[0]}\n\n${USAGE}`); return 1; }
  const config = loadConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    await migrate(store);
    const r = await rekey(store);
    console.log(`重新加密完成 / re-sealed with key "${vault().currentKeyId}" in ${fmt.format(r.ms)} ms: `
      + `${Object.entries(r.rows).map(([t, n]) => `${t} ${fmt.format(n)}`).join(' · ')} · outbox ${fmt.format(r.outbox)}`);
    return 0;
  } finally {
    await store.close();
  }
}

main().then((code) => process.exit(code), (e) => { console.error(`重新加密失败 / rekey failed: ${e instanceof Error ? e.message : e}`); process.exit(1); });
