// Personal data at rest: the writers' phones, names and ID numbers are nowhere in the database in
// plaintext (every table, every column, as text), yet the system finds a writer by phone, shows the
// masked forms, opens the full contact only as an audited event, and survives a key rotation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen, idNumber, staff, startTestSystem, type TestSystem } from './helpers/system.js';
import { Receiver, signed, SECRET } from './helpers/channel.js';
import { newKey, phoneIndex, useVault, vault, Vault, VaultError } from '../src/store/vault.js';
import { rekey } from '../src/commands/rekey.js';

const PHONE = '13512345678';
const NAME = '欧阳明远';
const ID = idNumber('44030419851212123');
const CHANNEL_PHONE = '13987654321';
const CHANNEL_NAME = '司马青衫';

const key = (id: string) => ({ id, key: Buffer.from(newKey(), 'base64') });

let t: TestSystem;
let rx: Receiver;
let writer: string;
let dispatcher: string;
let letterId: number;
let letterNumber: string;
let channelCaseId: number;
const original = vault();

/** Every row of every table in the public schema whose text contains one of the needles. */
async function plaintextRows(needles: string[]): Promise<string[]> {
  const tables = (await t.sys.store.query<{ t: string }>(
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")).rows.map((r) => r.t);
  const found: string[] = [];
  for (const table of tables) {
    for (const n of needles) {
      const r = await t.sys.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" x WHERE x::text LIKE $1`, [`%${n}%`]);
      if (r.rows[0].n) found.push(`${table} × ${r.rows[0].n} contain ${n}`);
    }
  }
  return found;
}

beforeAll(async () => {
  rx = new Receiver();
  await rx.start();
  t = await startTestSystem({ outboxIntervalMs: 100 });
  await t.api.put('/api/admin/channels/12345', { secret: SECRET, webhookUrl: rx.url }, t.adminToken);
  dispatcher = await staff(t, 'pd_disp', ['dispatcher'], 'center');
  writer = await citizen(t, PHONE, NAME, ID);
  const r = await t.api.post('/api/letters', { type: 'complaint', title: '小区门口夜间噪音', content: '小区门口的烧烤摊每晚营业到凌晨两点，噪音很大，影响休息。' }, writer);
  expect(r.status).toBe(201);
  letterId = r.body.id;
  letterNumber = r.body.number;
  const body = { externalId: `PD-${Date.now()}`, receivedAt: new Date().toISOString(), citizen: { name: CHANNEL_NAME, phone: CHANNEL_PHONE },
    content: '民治大道与人民路交叉口的红绿灯坏了三天，早晚高峰车辆拥堵严重，请尽快处理。', address: '龙华区民治大道' };
  const c = await t.api.req('POST', '/api/channels/12345/cases', signed(body));
  expect(c.status).toBe(201);
  channelCaseId = c.body.id;
}, 60_000);

afterAll(async () => {
  useVault(original);
  await t?.close();
  await rx?.stop();
});

describe('personal data sealed at rest', () => {
  it('leaves no phone, name or ID number in plaintext in any table', async () => {
    expect(await plaintextRows([PHONE, NAME, ID, CHANNEL_PHONE, CHANNEL_NAME])).toEqual([]);
    const z = (await t.sys.store.query<{ phone: string; name: string; id_number: string }>('SELECT phone, name, id_number FROM citizens WHERE phone_hash = $1', [phoneIndex(PHONE)])).rows[0];
    expect(z.phone).toMatch(/^enc1:/);
    expect(vault().open('phone', z.phone)).toBe(PHONE);
    expect(vault().open('id_number', z.id_number)).toBe(ID);
  });

  it('shows the writer masked, and the full contact only as an audited event', async () => {
    const c = await t.api.get(`/api/cases/${letterId}`, dispatcher);
    expect(c.body.citizen).toEqual({ name: '欧***', phone: '135****5678' });
    const ch = await t.api.get(`/api/cases/${channelCaseId}`, dispatcher);
    expect(ch.body.citizen.phone).toBe('139****4321');
    const full = await t.api.get(`/api/cases/${channelCaseId}/contact-info`, dispatcher);
    expect(full.body).toEqual({ name: CHANNEL_NAME, phone: CHANNEL_PHONE });
    const events = (await t.api.get(`/api/cases/${channelCaseId}`, dispatcher)).body.events as { action: string; actor: string }[];
    expect(events.filter((e) => e.action === 'contact_info_viewed')).toHaveLength(1);
    // The record of messages: found by the recipient's blind index; listed in full only masked.
    const all = await t.api.get('/api/admin/messages', t.adminToken);
    expect(JSON.stringify(all.body)).not.toContain(PHONE);
    expect(all.body.some((m: { to: string }) => m.to === '135****5678')).toBe(true);
    const mine = await t.api.get(`/api/admin/messages?to=${PHONE}`, t.adminToken);
    expect(mine.body.length).toBeGreaterThanOrEqual(2);
    expect(mine.body.every((m: { to: string }) => m.to === PHONE)).toBe(true);
  });

  it('the same phone signs in as the same writer, finding them by the blind index', async () => {
    const again = await citizen(t, PHONE, NAME, ID);
    const mine = await t.api.get('/api/letters/mine', again);
    expect(mine.body.map((l: { number: string }) => l.number)).toContain(letterNumber);
  });

  it('the center finds every letter of one writer by phone (an audited lookup); a unit may not', async () => {
    const mine = await t.api.get(`/api/cases?phone=${PHONE}`, dispatcher);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((c: { id: number }) => c.id)).toEqual([letterId]);
    const fromChannel = await t.api.get(`/api/cases?phone=${CHANNEL_PHONE}`, dispatcher);
    expect(fromChannel.body.items.map((c: { id: number }) => c.id)).toEqual([channelCaseId]);
    expect((await t.api.get('/api/cases?phone=13000000000', dispatcher)).body.total).toBe(0);
    const bad = await t.api.get('/api/cases?phone=12345', dispatcher);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('手机号');
    const officer = await staff(t, 'pd_off', ['officer'], 'longhua-branch');
    const refused = await t.api.get(`/api/cases?phone=${PHONE}`, officer);
    expect(refused.status).toBe(403);
    const audit = await t.sys.store.query<{ data: { phone: string; total: number }; actor_label: string }>(
      "SELECT data, actor_label FROM case_events WHERE action = 'writer_searched' ORDER BY id");
    expect(audit.rows.map((r) => r.data)).toEqual([
      { phone: '135****5678', total: 1 }, { phone: '139****4321', total: 1 }, { phone: '130****0000', total: 0 }]);
    expect(audit.rows[0].actor_label).toBe('pd_disp');
  });

  it('rotates keys: rekey re-seals everything under the new key, after which the old key can go', async () => {
    const k1 = { id: original.currentKeyId, key: (original as unknown as { keys: Map<string, Buffer> }).keys.get(original.currentKeyId)! };
    const indexKey = (original as unknown as { indexKey: Buffer }).indexKey;
    const k2 = key('k2rot');
    useVault(new Vault([k2, k1], indexKey));
    const r = await rekey(t.sys.store, { batch: 2 });
    expect(r.rows.citizens).toBeGreaterThanOrEqual(1);
    expect(r.rows.cases).toBeGreaterThanOrEqual(1);
    expect(r.rows.messages).toBeGreaterThanOrEqual(2);
    // The blind indexes do not change with the sealing key: the search by phone still finds the letters.
    expect((await t.api.get(`/api/cases?phone=${CHANNEL_PHONE}`, dispatcher)).body.total).toBe(1);
    const stale = await t.sys.store.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM citizens WHERE phone NOT LIKE 'enc1:k2rot:%' OR name NOT LIKE 'enc1:k2rot:%' OR id_number NOT LIKE 'enc1:k2rot:%')
            + (SELECT count(*) FROM cases WHERE citizen_phone NOT LIKE 'enc1:k2rot:%' OR citizen_name NOT LIKE 'enc1:k2rot:%')
            + (SELECT count(*) FROM messages WHERE to_addr NOT LIKE 'enc1:k2rot:%') AS n`);
    expect(Number(stale.rows[0].n)).toBe(0);
    // A second run has nothing left to do.
    expect(Object.values((await rekey(t.sys.store)).rows).every((n) => n === 0)).toBe(true);

    useVault(new Vault([k2], indexKey));
    const full = await t.api.get(`/api/cases/${channelCaseId}/contact-info`, dispatcher);
    expect(full.body).toEqual({ name: CHANNEL_NAME, phone: CHANNEL_PHONE });
    const again = await citizen(t, PHONE, NAME, ID);
    expect((await t.api.get('/api/letters/mine', again)).body.map((l: { number: string }) => l.number)).toContain(letterNumber);
    expect(await plaintextRows([PHONE, NAME, ID, CHANNEL_PHONE, CHANNEL_NAME])).toEqual([]);
  });

  it('seals what an earlier version stored in plaintext, and finds that writer by phone afterwards', async () => {
    const legacy = '13600001111';
    await t.sys.store.query("INSERT INTO citizens (phone, name, id_number) VALUES ($1, '上官旧档', $2)", [legacy, idNumber('11010519700101001')]);
    const r = await rekey(t.sys.store, { only: 'unsealed', tables: ['citizens'] });
    expect(r.rows.citizens).toBe(1);
    expect(await plaintextRows([legacy, '上官旧档'])).toEqual([]);
    const id = (await t.sys.store.query<{ id: number }>('SELECT id FROM citizens WHERE phone_hash = $1', [phoneIndex(legacy)])).rows[0].id;
    const token = await citizen(t, legacy, '上官旧档', idNumber('11010519700101001'));
    const me = await t.sys.store.query<{ n: number }>('SELECT count(*)::int AS n FROM citizens WHERE phone_hash = $1', [phoneIndex(legacy)]);
    expect(me.rows[0].n).toBe(1);
    expect(token).toBeTruthy();
    expect(id).toBeGreaterThan(0);
  });
});

describe('the vault', () => {
  const v = new Vault([key('a')], Buffer.alloc(32, 7));
  it('opens what it sealed, and nothing that was changed, moved to another kind or sealed by an unknown key', () => {
    const s = v.seal('phone', PHONE);
    expect(s).not.toContain(PHONE);
    expect(v.seal('phone', PHONE)).not.toBe(s); // a fresh IV each time
    expect(v.open('phone', s)).toBe(PHONE);
    expect(() => v.open('name', s)).toThrow();
    const body = Buffer.from(s.slice('enc1:a:'.length), 'base64url');
    body[14] ^= 1;
    expect(() => v.open('phone', `enc1:a:${body.toString('base64url')}`)).toThrow();
    expect(() => new Vault([key('b')], Buffer.alloc(32)).open('phone', s)).toThrow(VaultError);
    expect(v.open('phone', null)).toBeNull();
    expect(v.seal('name', '')).toBe('');
  });
  it('refuses a key of the wrong size or an index key that is too short, saying which', () => {
    expect(() => new Vault([{ id: 'k', key: Buffer.alloc(16) }], Buffer.alloc(32))).toThrow(/32 bytes/);
    expect(() => new Vault([key('k')], Buffer.alloc(8))).toThrow(/DATA_INDEX_KEY/);
    expect(v.index('phone', PHONE)).toBe(v.index('phone', PHONE));
    expect(v.index('phone', PHONE)).not.toBe(new Vault([key('a')], Buffer.alloc(32, 8)).index('phone', PHONE));
  });
});
