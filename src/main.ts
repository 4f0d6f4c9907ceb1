// `npm start`: the whole system on one port — on the embedded store in DATA_DIR, or on the
// PostgreSQL server of DATABASE_URL. Stops gracefully: in-flight requests finish first.
import { loadConfig } from './config.js';
import { startSystem } from './server.js';

const config = loadConfig();
const system = await startSystem(config, { logger: { level: config.logLevel } });
const log = system.app.log;
if (system.generatedAdminPassword) {
  // Printed once, on the first start of an empty store, and never stored in clear.
  console.log(`\n  管理员账号 admin 的初始密码 / initial password of admin: ${system.generatedAdminPassword}\n`);
}
await system.app.listen({ port: config.port, host: config.host });
log.info({ store: system.store.kind, port: config.port }, '接诉即办 started');

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
