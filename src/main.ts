// `npm start`: the whole system on one port — on the embedded store in DATA_DIR, or on the
// PostgreSQL server of DATABASE_URL. Stops gracefully: in-flight requests finish first.
//
// WORKERS=N (PostgreSQL server only) runs N processes on the one port with node:cluster. The
// primary prepares the database once (migrations, default organisation, admin) and then only
// keeps the workers alive; every worker serves requests and runs the background jobs, which stay
// exactly-once across processes by row locks (watcher, outbox, alerts) and advisory locks (folds).
import cluster from 'node:cluster';
import { loadConfig, randomPassword, type Config } from './config.js';
import { startSystem } from './server.js';
import { openStore, migrate } from './store/db.js';
import { seedOrganisation, ensureAdmin } from './store/seed.js';

const config = loadConfig();

function printPassword(password: string | undefined) {
  // Printed once, on the first start of an empty store, and never stored in clear.
  if (password) console.log(`\n  管理员账号 admin 的初始密码 / initial password of admin: ${password}\n`);
}

async function serve(c: Config) {
  const system = await startSystem(c, { logger: { level: c.logLevel } });
  const log = system.app.log;
  printPassword(system.generatedAdminPassword);
  await system.app.listen({ port: c.port, host: c.host });
  log.info({ store: system.store.kind, port: c.port, pid: process.pid }, '接诉即办 started');
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, async () => {
      if (stopping) return;
      stopping = true;
      log.info({ sig }, 'shutting down');
      const force = setTimeout(() => process.exit(1), 30_000);
      force.unref();
      await system.close();
      process.exit(0);
    });
  }
}

async function primary(c: Config) {
  if (!c.databaseUrl) {
    console.error('WORKERS > 1 需要 PostgreSQL 服务器（DATABASE_URL）：内嵌存储只能由一个进程打开。 / Several workers need DATABASE_URL: the embedded store belongs to one process.');
    process.exit(1);
  }
  const store = await openStore({ databaseUrl: c.databaseUrl });
  await migrate(store);
  await seedOrganisation(store);
  const password = c.adminPassword ?? randomPassword();
  if (await ensureAdmin(store, password)) printPassword(c.adminPassword ? undefined : password);
  await store.close();
  let stopping = false;
  const fork = () => cluster.fork({ ADMIN_PASSWORD: password });
  for (let i = 0; i < c.workers; i++) fork();
  // A worker that dies unasked for is replaced; its claimed work is taken over by lease and lock.
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return;
    console.error(`worker ${w.process.pid} exited (${signal ?? code}); starting another`);
    fork();
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      const force = setTimeout(() => process.exit(1), 35_000);
      force.unref();
      cluster.on('exit', () => { if (!Object.keys(cluster.workers ?? {}).length) process.exit(0); });
    });
  }
}

if (config.workers > 1 && cluster.isPrimary) await primary(config);
else await serve(config);
