// A letter that got its number survives a restart and a kill -9 of the server process.
import { afterAll, describe, expect, it } from 'vitest';
import { Api, idNumber, until } from './helpers/system.js';
import { CHILD_ADMIN, childOutput, dropStores, exited, freePort, startServer, storeEnv } from './helpers/childServer.js';
import { Receiver, signed, SECRET } from './helpers/channel.js';

const ADMIN = CHILD_ADMIN;
const output = childOutput;

afterAll(dropStores);

describe('crash safety', () => {
  it('acknowledged letters survive kill -9, and retries with the same key create nothing', async () => {
    const env = await storeEnv();
    const port = await freePort();
    let child = await startServer(env, port);
    const api = new Api(`http://127.0.0.1:${port}`);
    const admin = (await api.post('/api/auth/login', { username: 'admin', password: ADMIN })).body.token;
    const phone = '13500135001';
    await api.post('/api/citizen/otp', { phone });
    const code = /验证码是(\d{6})/.exec((await api.get(`/api/admin/messages?to=${phone}`, admin)).body[0].text)![1];
    const writer = (await api.post('/api/citizen/verify', { phone, code, name: '郑强', idNumber: idNumber('44030419880808123') })).body.token;

    const acknowledged = new Map<string, string>();
    let ackedBeforeKill = 0;
    for (let round = 0; round < 3; round++) {
      // Letters in flight when the process dies: those answered 201 must be there afterwards.
      const sends = Array.from({ length: 20 }, (_, i) => {
        const key = `r${round}-${i}`;
        return api.post('/api/letters', { type: 'help', title: `来信${key}`, content: `这是第${round}轮第${i}封测试来信，内容足够长。` }, writer, { 'Idempotency-Key': key })
          .then((r) => { if (r.status === 201) acknowledged.set(key, r.body.number); })
          .catch(() => { /* connection cut by the kill */ });
      });
      // Kill once some letters are acknowledged and others are still in flight.
      for (let i = 0; i < 200 && ![...acknowledged.keys()].some((k) => k.startsWith(`r${round}-`)); i++) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      await Promise.all(sends);
      ackedBeforeKill += [...acknowledged.keys()].filter((k) => k.startsWith(`r${round}-`)).length;
      await exited(child);
      child = await startServer(env, port);
      // Retry everything with the same keys, as a client would: nothing doubles.
      for (let i = 0; i < 20; i++) {
        const key = `r${round}-${i}`;
        const r = await api.post('/api/letters', { type: 'help', title: `来信${key}`, content: `这是第${round}轮第${i}封测试来信，内容足够长。` }, writer, { 'Idempotency-Key': key });
        expect(r.status).toBe(201);
        if (acknowledged.has(key)) expect(r.body.number).toBe(acknowledged.get(key));
        acknowledged.set(key, r.body.number);
      }
    }
    expect(ackedBeforeKill).toBeGreaterThan(0);
    const mine = (await api.get('/api/letters/mine', writer)).body as { number: string }[];
    expect(mine).toHaveLength(60);
    expect(new Set(mine.map((m) => m.number))).toEqual(new Set(acknowledged.values()));
    child.kill('SIGTERM');
    await exited(child);
  }, 180_000);

  it('a server killed mid-delivery: another start delivers the change again, with the same delivery id, and only once', async () => {
    const rx = new Receiver();
    await rx.start();
    try {
      const env = await storeEnv();
      const port = await freePort();
      let child = await startServer(env, port);
      const api = new Api(`http://127.0.0.1:${port}`);
      const admin = (await api.post('/api/auth/login', { username: 'admin', password: ADMIN })).body.token;
      expect((await api.put('/api/admin/channels/12345', { secret: SECRET, webhookUrl: rx.url }, admin)).status).toBe(204);
      rx.answer = () => 'hang'; // the receiver holds the delivery open while the server dies
      const body = { externalId: 'kill-1', receivedAt: new Date().toISOString(), citizen: { name: '钱多多', phone: '13600136000' }, content: '小区门口长期有车辆乱停乱放，堵塞消防通道，请处理。' };
      const created = await api.req('POST', '/api/channels/12345/cases', signed(body));
      expect(created.status).toBe(201);
      await until(async () => rx.delivered().length, (n) => n >= 1, 10_000);
      child.kill('SIGKILL');
      await exited(child);
      rx.answer = () => 200;
      rx.release();
      child = await startServer(env, port);
      await until(async () => rx.delivered().length, (n) => n >= 2, 15_000);
      await new Promise((r) => setTimeout(r, 1000)); // a third delivery would come now
      const got = rx.delivered();
      expect(got).toHaveLength(2);
      expect(got[1].id).toBe(got[0].id);
      expect(got[1].body).toMatchObject({ number: created.body.number, change: 'received' });
      const admin2 = (await api.post('/api/auth/login', { username: 'admin', password: ADMIN })).body.token;
      expect((await api.get('/api/admin/outbox?state=pending', admin2)).body).toHaveLength(0);
      child.kill('SIGTERM');
      await exited(child);
    } finally {
      await rx.stop();
    }
  }, 120_000);

  it('SIGTERM lets an in-flight request finish, then exits cleanly; /docs and /openapi.json are served', async () => {
    const env = await storeEnv();
    const port = await freePort();
    const child = await startServer(env, port);
    const api = new Api(`http://127.0.0.1:${port}`);
    expect((await api.get('/docs')).status).toBeLessThan(400);
    const spec = await api.get('/openapi.json');
    expect(spec.body.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/letters', '/api/cases/{id}/dispatch', '/api/stats/units']));
    const admin = (await api.post('/api/auth/login', { username: 'admin', password: ADMIN })).body.token;
    const cases = Array.from({ length: 300 }, (_, i) => ({
      externalId: `h-${i}`, channel: '12345', receivedAt: '2026-01-05T09:00:00+08:00', content: `历史案件第${i}号，反映噪音扰民。`,
      category: 'public_order', unitCode: 'futian-branch', closedAt: '2026-01-09T09:00:00+08:00', satisfaction: 'satisfied',
    }));
    const inFlight = api.post('/api/admin/import', { cases }, admin);
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGTERM');
    const r = await inFlight;
    expect(r.status).toBe(200);
    expect(r.body.imported).toBe(300);
    await exited(child);
    if (child.exitCode !== 0) console.log(output.join('').split('\n').filter((l) => !/incoming request|request completed/.test(l)).slice(-15).join('\n'));
    expect(child.exitCode).toBe(0);
  }, 120_000);
});
