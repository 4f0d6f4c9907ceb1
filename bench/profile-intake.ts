// Profiling aid (not part of `npm run bench`): the intake run on the PostgreSQL server with the
// V8 CPU profiler on the server's thread; prints the functions with the most self time and the
// time per SQL statement kind. Usage: tsx bench/profile-intake.ts [seconds]
import { Session } from 'node:inspector/promises';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { startSystem } from '../src/server.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.argv[2] ?? 8);
const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const name = `bench_prof_${Date.now().toString(36)}`;
const adm = new pg.Client({ connectionString: base });
await adm.connect();
await adm.query(`CREATE DATABASE ${name}`);
const u = new URL(base);
u.pathname = `/${name}`;
const url = u.toString();
const sys = await startSystem({ ...loadConfig({}), dataDir: '', databaseUrl: url, adminPassword: 'Bench-Admin-2026' }, { watcher: true });
const http = await sys.app.listen({ port: 0, host: '127.0.0.1' });
const call = async (p: string, method: string, body?: unknown, token?: string) => {
  const r = await fetch(http + p, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return r.json() as Promise<any>;
};
const admin = (await call('/api/auth/login', 'POST', { username: 'admin', password: 'Bench-Admin-2026' })).token;
const tokens: string[] = [];
for (let i = 0; i < 20; i++) {
  const phone = `1390000${String(i + 1).padStart(4, '0')}`;
  await call('/api/citizen/otp', 'POST', { phone });
  const msgs = await call(`/api/admin/messages?to=${phone}`, 'GET', undefined, admin);
  const code = msgs.map((m: any) => /验证码是(\d{6})/.exec(m.text)?.[1]).find(Boolean);
  tokens.push((await call('/api/citizen/verify', 'POST', { phone, code, name: '压测甲', idNumber: '11010519491231002X' })).token);
}
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 1000 });
await session.post('Profiler.start');
// PostgreSQL's CPU (every backend and helper process on this machine), from /proc: ticks of 10 ms.
const { readdirSync, readFileSync } = await import('node:fs');
const pgTicks = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).reduce((sum, pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (!/\((postgres|postmaster)\)/.test(stat)) return sum;
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return sum + Number(f[11]) + Number(f[12]);
  } catch { return sum; }
}, 0);
const pg0 = pgTicks();
const cpu0 = process.cpuUsage();
const spec = { url: http, path: '/api/letters', body: JSON.stringify({ type: 'help', category: 'public_order', title: '民治大道夜间噪音扰民', content: '小区楼下的烧烤店每天营业到凌晨两点，音响声音很大，严重影响居民休息，希望派出所依法处理。', address: '深圳市龙华区民治大道123号书香门第' }), tokens, connections: 20, seconds: SECONDS, warmupSeconds: 1 };
const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(HERE, 'load.ts'), JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (b) => { out += b; });
await new Promise((r) => child.on('close', r));
const cpu = process.cpuUsage(cpu0);
const pgMs = (pgTicks() - pg0) * 10;
const { profile } = await session.post('Profiler.stop');
await (await import('node:fs/promises')).mkdir('/tmp/prof', { recursive: true });
await writeFile('/tmp/prof/intake.cpuprofile', JSON.stringify(profile));
const res = JSON.parse(out); const letters = res.main.ok + (res.warmup?.ok ?? 0);
console.log('load', res.main.perSecond.toFixed(1), 'letters/s;', ((cpu.user + cpu.system) / 1000 / letters).toFixed(2), 'ms server CPU per letter (user', (cpu.user / 1000 / letters).toFixed(2), 'system', (cpu.system / 1000 / letters).toFixed(2), '),', (pgMs / letters).toFixed(2), 'ms PostgreSQL CPU per letter');
// self time per function
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const self = new Map<string, number>();
const dt = profile.timeDeltas as number[];
profile.samples!.forEach((id: number, i: number) => {
  const n: any = byId.get(id);
  const key = `${n.callFrame.functionName || '(anon)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFile = new Map<string, number>();
for (const [k, v] of self) { const f = k.split(' ')[1].split(':')[0]; byFile.set(f, (byFile.get(f) ?? 0) + v); }
console.log('top self time:');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(v / total * 100).toFixed(1).padStart(5)}%  ${k}`);
console.log('by file:');
for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(v / total * 100).toFixed(1).padStart(5)}%  ${k}`);
await sys.close();
await adm.query(`DROP DATABASE ${name} WITH (FORCE)`);
await adm.end();
process.exit(0);
