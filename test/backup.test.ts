// `npm run backup` and `npm run restore` on the store CI gives this run (embedded DATA_DIR, or a
// database on the PostgreSQL server): a backup restored into an empty store brings back every case,
// event and attachment, the trail still verifies, and the restored system serves the same letters to
// the same writer. On the server the backup is taken live while letters keep arriving.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Api, idNumber, usingServer, until } from './helpers/system.js';
import { CHILD_ADMIN, dropStores, exited, freePort, runScript, startServer, storeEnv } from './helpers/childServer.js';
import { PNG_1x1 } from './helpers/routeSamples.js';

const out = mkdtempSync(path.join(tmpdir(), 'jsjb-backups-'));
afterAll(async () => { rmSync(out, { recursive: true, force: true }); await dropStores(); });

describe('backup and restore', () => {
  it('restores every case, event and attachment into an empty store, with the trail intact', async () => {
    const env = { ...await storeEnv('bak'), TRAIL_SEAL_INTERVAL_MS: '200' };
    const port = await freePort();
    let child = await startServer(env, port);
    const api = new Api(`http://127.0.0.1:${port}`);
    const admin = (await api.post('/api/auth/login', { username: 'admin', password: CHILD_ADMIN })).body.token;
    const phone = '13500135099';
    await api.post('/api/citizen/otp', { phone });
    const code = /验证码是(\d{6})/.exec((await api.get(`/api/admin/messages?to=${phone}`, admin)).body[0].text)![1];
    const writer = (await api.post('/api/citizen/verify', { phone, code, name: '钱备份', idNumber: idNumber('44030419880808124') })).body.token;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG_1x1)]), 'p.png');
    const photo = (await api.req('POST', '/api/attachments', { token: writer, raw: form })).body.id as string;
    const photoBytes = Buffer.from(await (await fetch(`http://127.0.0.1:${port}/api/attachments/${photo}`, { headers: { authorization: `Bearer ${writer}` } })).arrayBuffer());
    for (let i = 0; i < 5; i++) {
      const r = await api.post('/api/letters', { type: 'help', title: `备份测试来信${i}`, content: `第${i}封：小区门口路灯坏了很久，晚上很黑。`, ...(i === 0 ? { attachmentIds: [photo] } : {}) }, writer, { 'Idempotency-Key': `b${i}` });
      expect(r.status).toBe(201);
    }
    // The sealer has chained everything so far into the global chain.
    await until(() => api.get('/api/admin/trail/verify', admin), (r) => r.body?.sealed > 0, 10_000);

    let backup: { code: number | null; out: string };
    if (usingServer()) {
      // Live: letters keep arriving while pg_dump runs; the manifest describes the dump's own snapshot.
      let stop = false;
      let n = 0;
      const writing = (async () => {
        while (!stop) await api.post('/api/letters', { type: 'help', title: `备份期间来信${n}`, content: '备份进行中仍在收信，内容足够长。' }, writer, { 'Idempotency-Key': `live${n++}` });
      })();
      backup = await runScript('scripts/backup.ts', ['--out', out], env);
      stop = true;
      await writing;
    } else {
      // PGlite is single-process: the embedded store is backed up with its server stopped.
      child.kill('SIGTERM');
      await exited(child);
      backup = await runScript('scripts/backup.ts', ['--out', out], env);
    }
    expect(backup.code, backup.out).toBe(0);
    const file = path.join(out, readdirSync(out).find((f) => !f.endsWith('.json'))!);
    const manifest = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
    expect(manifest.counts.cases).toBeGreaterThanOrEqual(5);
    expect(manifest.counts.attachments).toBe(1);
    expect(manifest.trailHead?.globalHash).toMatch(/^[0-9a-f]{64}$/);
    if (child.exitCode === null) { child.kill('SIGTERM'); await exited(child); }

    // Into a new, empty store.
    const target = await storeEnv('res');
    const restored = await runScript('scripts/restore.ts', [file], target);
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toContain('行数与清单一致');
    expect(restored.out).toContain('审计链完整');
    // Restoring again over what is now there is refused, and changes nothing.
    const again = await runScript('scripts/restore.ts', [file], target);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/不是空的/);

    // The restored system: same letters for the same writer (sessions are in the store), same photo bytes.
    child = await startServer(target, port);
    try {
      const mine = (await api.get('/api/letters/mine', writer)).body as { number: string }[];
      expect(mine.length).toBe(manifest.counts.cases);
      const bytes = Buffer.from(await (await fetch(`http://127.0.0.1:${port}/api/attachments/${photo}`, { headers: { authorization: `Bearer ${writer}` } })).arrayBuffer());
      expect(bytes.equals(photoBytes)).toBe(true);
      const verify = await api.get('/api/admin/trail/verify', (await api.post('/api/auth/login', { username: 'admin', password: CHILD_ADMIN })).body.token);
      expect(verify.body.ok).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  }, 240_000);

  it('refuses a damaged backup, a missing manifest and a backup of the other kind of store', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jsjb-badbak-'));
    try {
      const file = path.join(dir, 'x.dump');
      writeFileSync(file, 'not a backup');
      const target = await storeEnv('res2');
      expect((await runScript('scripts/restore.ts', [file], target)).out).toMatch(/找不到清单/);
      writeFileSync(`${file}.json`, JSON.stringify({ format: 'jsjb-backup/1', store: usingServer() ? 'postgres' : 'embedded', sha256: '0'.repeat(64), counts: {} }));
      const damaged = await runScript('scripts/restore.ts', [file], target);
      expect(damaged.code).toBe(1);
      expect(damaged.out).toMatch(/损坏或被改动/);
      const { createHash } = await import('node:crypto');
      writeFileSync(`${file}.json`, JSON.stringify({ format: 'jsjb-backup/1', store: usingServer() ? 'embedded' : 'postgres', sha256: createHash('sha256').update('not a backup').digest('hex'), counts: {} }));
      const otherKind = await runScript('scripts/restore.ts', [file], target);
      expect(otherKind.code).toBe(1);
      expect(otherKind.out).toMatch(/同类数据库/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
