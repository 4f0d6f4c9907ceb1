// The PostgreSQL server goes away: /healthz and requests answer 503 quickly, never 500, and the
// system recovers by itself when the server is back. The outage is a TCP proxy we cut.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { startTestSystem, usingServer, type TestSystem } from './helpers/system.js';

describe.runIf(usingServer())('store outage', () => {
  let proxy: net.Server;
  let sockets = new Set<net.Socket>();
  let port = 0;
  let t: TestSystem;
  let target: URL;
  let base: TestSystem;

  const openProxy = () => new Promise<void>((resolve) => {
    proxy = net.createServer((client) => {
      const server = net.connect(Number(target.port || 5432), target.hostname);
      sockets.add(client); sockets.add(server);
      client.pipe(server).pipe(client);
      const end = () => { client.destroy(); server.destroy(); };
      client.on('error', end); server.on('error', end); client.on('close', end); server.on('close', end);
    });
    proxy.listen(port, '127.0.0.1', () => { port = (proxy.address() as net.AddressInfo).port; resolve(); });
  });
  const cutProxy = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    sockets = new Set();
    proxy.close(() => resolve());
  });

  beforeAll(async () => {
    // A database of our own, reached only through the proxy.
    base = await startTestSystem();
    target = new URL(base.databaseUrl!);
    await openProxy();
    const viaProxy = new URL(target.toString());
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(port);
    t = await startTestSystem({ databaseUrl: viaProxy.toString() });
  });
  afterAll(async () => { await t?.close(); await base?.close(); });

  it('answers 503 while the store is unreachable and recovers by itself', async () => {
    expect((await t.api.get('/healthz')).status).toBe(200);
    await cutProxy();
    const started = Date.now();
    const h = await t.api.get('/healthz');
    expect(h.status).toBe(503);
    const login = await t.api.post('/api/auth/login', { username: 'admin', password: 'whatever-1' });
    expect(login.status).toBe(503);
    expect(login.body.error.code).toBe('store_unavailable');
    const cases = await t.api.get('/api/cases', t.adminToken);
    expect(cases.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(15_000);
    await openProxy();
    let ok = 0;
    for (let i = 0; i < 50 && ok !== 200; i++) {
      ok = (await t.api.get('/healthz')).status;
      if (ok !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ok).toBe(200);
    expect((await t.api.get('/api/cases', t.adminToken)).status).toBe(200);
  });
});
