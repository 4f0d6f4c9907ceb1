// Hostile input, generated (fast-check): every route of the running app — taken from its own route
// table, so a new endpoint is fuzzed without anyone remembering to — gets random and adversarial
// bodies, query strings, path parameters and headers, as an anonymous caller, a citizen and an
// administrator (who also holds the dispatcher, reviewer and viewer roles, so that every center
// handler is reached). The contract's promise is checked on every answer: never a 5xx for bad
// input; a 4xx carries {error: {code, message}} (Open311: [{code, description}] or <errors>); a
// refused request changes no row of the main tables.
//
// Per route, in this order:
//   1. fixed adversaries: non-JSON, truncated JSON, 1000-deep nesting, 100k-item arrays, __proto__ /
//      constructor keys, NUL bytes, lone surrogates, invalid UTF-8, UTF-16, over 1 MiB, wrong content
//      types, broken multipart; hostile path parameters (bad %-escapes, 10k characters, ../, %00);
//   2. a sweep: the route's well-formed sample (test/helpers/routeSamples.ts) with one place — a body
//      field, a query key, a path parameter — replaced by each edge value of its kind, so the value
//      reaches the command and the store behind the schema;
//   3. FUZZ_RUNS generated requests (anything anywhere, any caller, mangled Authorization headers);
//   4. FUZZ_RUNS generated spoilings of the sample.
// Reproduce: the seed is fixed (FUZZ_SEED) and printed on failure, with each failing request as sent.
// FUZZ_DUMP=file appends the failures as JSON lines; FUZZ_ROUTES=regex fuzzes only the matching routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import http from 'node:http';
import { createHmac } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { startTestSystem, staff, citizen, idNumber, ADMIN_PASSWORD, type TestSystem } from './helpers/system.js';
import { routeTable, type RouteRecord } from '../src/http/app.js';
import { createSession } from '../src/commands/accounts.js';
import { SAMPLES, PNG_1x1, fillPath, type Sample, type SampleFixture } from './helpers/routeSamples.js';
import { phoneIndex } from '../src/store/vault.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20260511);
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

type ActorName = 'anonymous' | 'citizen' | 'admin';
const ACTORS: ActorName[] = ['anonymous', 'citizen', 'admin'];

let t: TestSystem;
const tokens: Record<ActorName, string | null> = { anonymous: null, citizen: null, admin: null };
const ids = { citizenId: 0, adminUserId: 0 };
let apiKey = '';
let host = '';
let port = 0;
const fx = { caseId: 0, number: '', otherCaseId: 0, otherNumber: '', campaignId: 0, attachmentId: '' };

// The figures of the closing note.
const tally = { requests: 0, fiveXX: 0, byStatus: new Map<number, number>() };
interface Failure { route: string; why: string; request: string; status: number; body: string }
const failures: Failure[] = [];
const timings: [string, number][] = [];

// ------------------------------------------------------------------------------------------------
// A raw client: node:http, so that paths are sent as written (no dot-segment normalising), bodies
// may be any bytes, and headers any latin-1.

interface Raw { status: number; headers: http.IncomingHttpHeaders; body: Buffer }
interface Req { method: string; path: string; headers: Record<string, string>; body?: Buffer }

function send(r: Req, timeoutMs = 20_000): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body !== undefined) headers['content-length'] = r.body.length;
    const req = http.request({ host, port, method: r.method, path: r.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      // An event stream (GET /api/live) never ends: its status and headers are the answer.
      if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) });
        res.destroy();
        return;
      }
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${r.method} ${r.path.slice(0, 200)}`)));
    req.on('error', reject);
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

// ------------------------------------------------------------------------------------------------
// Values

const big = (n: number, c = 'x') => c.repeat(n);
const HOSTILE_STRINGS: string[] = [
  '', ' ', '\t\n\r', 'a', big(101), big(5001, '长'), big(100_000),
  '\u0000', 'abc\u0000def', '\u0000'.repeat(50),
  '\ud800', 'a\udc00b', '\udfff\ud800', '💩'.repeat(30), '𠀀𠀁', 'ｆｕｌｌ　ｗｉｄｔｈ', '\u200b\u202e\ufeff',
  "'; DROP TABLE cases;--", "' OR '1'='1", '%', '_', '\\', '"', '`', '<script>alert(1)</script>', ']]><x/>', '&amp;&#0;',
  '../../etc/passwd', '..\\..\\windows', '${jndi:ldap://x/a}', '{{7*7}}', '$where', '{"$gt":""}',
  '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf',
  '1e309', '-1e309', 'NaN', 'Infinity', '-1', '0', '-0', '0x10', '1.5', '9007199254740993', '99999999999999999999', '-9223372036854775809',
  '0000-00-00', '2026-02-30', '2026-13', '2026-00', '0000-01', '9999-12', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z',
  '275760-09-13', '-000001-01-01', '9999-12-31T23:59:59+08:00', '1970-01-01', '2026-01-01T25:61:00Z', '2026-01-01T00:00:00+99:99',
  'infinity', '-infinity', 'epoch', 'now', 'today', 'allballs', '2026-05-01 08:00', '2026-05-01T08:00:00.123456789Z',
  '13800138000', '+8613800138000', idNumber('11010519800101002'), 'JB20260101000001',
  'futian-branch', 'center', '{district}-branch', 'public_order', 'police_conduct', 'help', '12345', 'open311', 'mailbox_web',
  'time-limits', 'rates', 'router', 'pending', 'dead', 'delivered', 'json', 'xml', 'open', 'closed', 'satisfied',
];
const HOSTILE_NUMBERS: unknown[] = [0, -1, 1, 1.5, -0.0001, 2 ** 31, 2 ** 31 - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 1e20, 1e308, -1e308, 5e-324, 366, 2101, 100001];
const KNOWN_CODES = ['futian-branch', 'luohu-branch', 'center', 'inspection', 'anti-fraud', 'public_order', 'fraud', 'police_conduct', 'other',
  'help', 'complaint', 'consult', 'wechat', '12345', '12389', 'open311', 'mailbox_web', 'futian', 'luohu', '{district}-branch'];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);
const hostileAny: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [null], { '': '' }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A value for a JSON-schema node: mostly plausible (so that handlers are reached), sometimes hostile. */
function valueFor(schema: any, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || typeof schema !== 'object' || depth > 5) return hostileAny;
  const members: any[] | undefined = schema.anyOf ?? schema.oneOf;
  if (members) return fc.oneof({ weight: 4, arbitrary: fc.oneof(...members.map((m) => valueFor(m, depth + 1))) }, { weight: 1, arbitrary: hostileAny });
  if ('const' in schema) return fc.oneof({ weight: 4, arbitrary: fc.constant(schema.const) }, { weight: 1, arbitrary: hostileAny });
  if (schema.enum) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: hostileAny });
  const plausible = ((): fc.Arbitrary<unknown> => {
    switch (schema.type) {
      case 'string': {
        const min = schema.minLength ?? 0;
        const max = Math.min(schema.maxLength ?? 60, 80);
        const sized = fc.string({ unit: 'grapheme', minLength: Math.min(min, max), maxLength: Math.max(min, max) });
        const edges = [big(min, '字'), big(schema.maxLength ?? 200, '字'), big((schema.maxLength ?? 200) + 1, '字')].filter((s) => s.length <= 200_000);
        return fc.oneof(sized, fc.constantFrom(...KNOWN_CODES), fc.constantFrom(...edges), hostileString);
      }
      case 'integer':
      case 'number': {
        const min = Number.isFinite(schema.minimum) ? schema.minimum : -1e6;
        const max = Number.isFinite(schema.maximum) ? schema.maximum : 1e6;
        const inRange = schema.type === 'integer'
          ? fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) })
          : fc.double({ min, max, noNaN: true });
        return fc.oneof(inRange, fc.constantFrom(min, max, ...HOSTILE_NUMBERS, fx.caseId, fx.otherCaseId, fx.campaignId));
      }
      case 'boolean': return fc.boolean();
      case 'null': return fc.constant(null);
      case 'array': return fc.array(valueFor(schema.items, depth + 1), { maxLength: 6 });
      case 'object': {
        const props: Record<string, any> = schema.properties ?? {};
        const required = new Set<string>(schema.required ?? []);
        const rec: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, s] of Object.entries(props)) rec[k] = valueFor(s, depth + 1);
        const keys = Object.keys(rec);
        // Required keys usually present, optional ones often; plus a few stray keys.
        return fc.tuple(
          fc.record(rec, { requiredKeys: keys.filter((k) => required.has(k)) }),
          fc.array(fc.tuple(fc.oneof(hostileString, fc.constantFrom('status', 'unit_code', 'citizen_id', 'id', 'roles', 'attribute[x]')), hostileAny), { maxLength: 2 }),
          fc.integer({ min: 0, max: 9 }),
        ).map(([o, extra, drop]) => {
          const out: Record<string, unknown> = { ...o };
          if (drop === 0 && keys.length) delete out[keys[0]];
          for (const [k, v] of extra) if (k !== '__proto__') out[k] = v;
          return out;
        });
      }
      default: return hostileAny;
    }
  })();
  return fc.oneof({ weight: 5, arbitrary: plausible }, { weight: 1, arbitrary: hostileAny });
}

// ------------------------------------------------------------------------------------------------
// Bodies

interface Body { contentType?: string; bytes?: Buffer; label: string }
const utf8 = (s: string) => Buffer.from(s, 'utf8');
const json = (v: unknown, label: string): Body => ({ contentType: 'application/json', bytes: utf8(JSON.stringify(v) ?? 'null'), label });

function nested(levels: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(levels) + ']'.repeat(levels) : '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

const FIXED_BODIES: Body[] = [
  { label: 'no body', contentType: undefined, bytes: undefined },
  { label: 'empty JSON body', contentType: 'application/json', bytes: Buffer.alloc(0) },
  { label: 'not JSON', contentType: 'application/json', bytes: utf8('hello') },
  { label: 'truncated JSON', contentType: 'application/json', bytes: utf8('{"title":') },
  { label: 'JSON null', contentType: 'application/json', bytes: utf8('null') },
  { label: 'JSON string', contentType: 'application/json', bytes: utf8('"a string"') },
  { label: 'JSON number overflow', contentType: 'application/json', bytes: utf8('1e999999') },
  { label: 'JSON array', contentType: 'application/json', bytes: utf8('[1,2,3]') },
  { label: 'deep arrays ×1000', contentType: 'application/json', bytes: utf8(nested(1000, 'array')) },
  { label: 'deep objects ×1000', contentType: 'application/json', bytes: utf8(nested(1000, 'object')) },
  { label: 'array of 100k items', contentType: 'application/json', bytes: utf8(JSON.stringify({ cases: new Array(100_000).fill(1), caseIds: new Array(100_000).fill(1), holidays: new Array(100_000).fill('2026-01-01') })) },
  { label: 'object of 50k keys', contentType: 'application/json', bytes: utf8(JSON.stringify(Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i])))) },
  { label: '__proto__ key', contentType: 'application/json', bytes: utf8('{"__proto__":{"isAdmin":true,"roles":["admin"]},"title":"x","content":"0123456789ab"}') },
  { label: 'constructor.prototype key', contentType: 'application/json', bytes: utf8('{"constructor":{"prototype":{"isAdmin":true}},"content":"0123456789ab"}') },
  { label: 'nested __proto__', contentType: 'application/json', bytes: utf8('{"location":{"__proto__":{"lat":1}},"citizen":{"__proto__":{"name":"x"}}}') },
  { label: 'NUL bytes in strings', contentType: 'application/json', bytes: utf8(JSON.stringify({ username: 'a\u0000b', password: '\u0000', title: '\u0000标题', content: '正文\u0000'.repeat(5), phone: '138\u000000138000', q: '\u0000', reason: '\u0000\u0000', note: '\u0000', question: '\u0000\u0000', answer: '\u0000\u0000', name: '\u0000', code: 'a\u0000' })) },
  { label: 'lone surrogates', contentType: 'application/json', bytes: utf8('{"title":"\\ud800","content":"\\udc00\\udc00\\udc00\\udc00\\udc00\\udc00\\udc00\\udc00\\udc00\\udc00","reason":"\\ud800x","question":"\\udfff?","answer":"\\ud800\\ud800"}') },
  { label: 'invalid UTF-8 bytes', contentType: 'application/json', bytes: Buffer.concat([utf8('{"title":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), utf8('","content":"'), Buffer.from([0xf0, 0x28, 0x8c, 0x28, 0xed, 0xa0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80]), utf8('"}')]) },
  { label: 'UTF-16 body', contentType: 'application/json; charset=utf-16', bytes: Buffer.from('{"a":1}', 'utf16le') },
  { label: 'over 1 MiB', contentType: 'application/json', bytes: utf8(JSON.stringify({ content: big(1_100_000) })) },
  { label: 'text/plain', contentType: 'text/plain', bytes: utf8('hello') },
  { label: 'XML', contentType: 'application/xml', bytes: utf8('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>') },
  { label: 'form body', contentType: 'application/x-www-form-urlencoded', bytes: utf8('a=1&a=2&__proto__[x]=1&constructor[prototype][y]=2&description=' + big(300)) },
  { label: 'multipart without boundary', contentType: 'multipart/form-data', bytes: utf8('--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--x--\r\n') },
  { label: 'multipart, truncated', contentType: 'multipart/form-data; boundary=XyZ', bytes: utf8('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff') },
  { label: 'multipart, not an image', contentType: 'multipart/form-data; boundary=XyZ', bytes: utf8('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n<?php echo 1; ?>\r\n--XyZ--\r\n') },
  { label: 'multipart, wrong field and extra fields', contentType: 'multipart/form-data; boundary=XyZ', bytes: utf8(Array.from({ length: 8 }, (_, i) => `--XyZ\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('') + '--XyZ--\r\n') },
  { label: 'octet-stream', contentType: 'application/octet-stream', bytes: Buffer.from([0, 1, 2, 255]) },
  { label: 'weird content type', contentType: 'application/json;;;;charset="', bytes: utf8('{}') },
  { label: 'JSON under vendor type', contentType: 'application/vnd.api+json', bytes: utf8('{}') },
];

const FEW_BODIES = new Set(['no body', 'not JSON', 'over 1 MiB', '__proto__ key', 'NUL bytes in strings', 'text/plain', 'multipart, truncated']);

const bodyArb = (route: RouteRecord): fc.Arbitrary<Body> => {
  const schema = (route.schema as any)?.body;
  const form = route.url.startsWith('/open311/');
  const formOf = (v: unknown): Body => {
    const p = new URLSearchParams();
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) for (const y of Array.isArray(x) ? x : [x]) p.append(k, typeof y === 'string' ? y : JSON.stringify(y) ?? '');
    } else p.append('x', String(v));
    return { contentType: 'application/x-www-form-urlencoded', bytes: utf8(p.toString()), label: 'form from schema' };
  };
  return fc.oneof(
    { weight: 5, arbitrary: valueFor(schema).map((v) => (form ? formOf(v) : json(v, 'JSON from schema'))) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => json(v, 'random JSON')) },
    { weight: 2, arbitrary: fc.constantFrom(...FIXED_BODIES) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => ({ contentType: 'application/json', bytes: Buffer.from(b), label: 'random bytes as JSON' })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'image/png', 'application/json', ''), fc.string({ unit: 'binary', maxLength: 100 }))
      .map(([ct, s]) => ({ contentType: ct || undefined, bytes: utf8(s), label: 'random text' })) },
  );
};

// ------------------------------------------------------------------------------------------------
// Query strings, path parameters, headers

/** Percent-encoding that never throws: a lone surrogate goes out as the bytes node would send (EF BF BD). */
function pct(s: string): string {
  try { return encodeURIComponent(s); } catch { return [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''); }
}

const QUERY_VALUES = fc.oneof(
  hostileString.map(pct),
  fc.constantFrom('1', '-1', '0', 'NaN', '1e999', '-1e999', '99999999999999999999', '1.5', 'true', '', '%', '%zz', '%E0%A4%A', '%00', '%FF%FE', '+', '%2B08:00'),
);

const queryArb = (route: RouteRecord): fc.Arbitrary<string> => {
  const props = Object.keys((route.schema as any)?.querystring?.properties ?? {});
  const names = [...props, 'page', 'api_key', '__proto__', 'constructor', 'x'];
  const pair = fc.tuple(fc.constantFrom(...names), fc.constantFrom('', '[]', '[0]', '[a][b]'), QUERY_VALUES).map(([k, suffix, v]) => `${k}${suffix}=${v}`);
  const schemaPairs = valueFor((route.schema as any)?.querystring).map((v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return '';
    const p = new URLSearchParams();
    for (const [k, x] of Object.entries(v)) for (const y of Array.isArray(x) ? x : [x]) p.append(k, typeof y === 'string' ? y : String(y));
    try { return p.toString(); } catch { return ''; }
  });
  return fc.oneof(
    fc.constant(''),
    schemaPairs,
    fc.array(pair, { minLength: 1, maxLength: 6 }).map((a) => a.join('&')),
    // Repeated keys: the same parameter as a list.
    fc.tuple(fc.constantFrom(...names), QUERY_VALUES, QUERY_VALUES).map(([k, a, b]) => `${k}=${a}&${k}=${b}&${k}=${a}`),
    fc.constantFrom('&&&', '=', '==&=', `a=${big(8000)}`, '%', '?', '#x'),
  );
};

function paramArb(name: string): fc.Arbitrary<string> {
  const real: Record<string, string[]> = {
    id: [String(fx.caseId), String(fx.otherCaseId), String(fx.campaignId), fx.attachmentId, '1'],
    number: [fx.number, fx.otherNumber],
    channel: ['12345', 'wechat', '110', 'nope'],
    year: ['2026', '1999', '2101', '-2026', '99999999999'],
    name: ['time-limits', 'rates', 'router', 'nope'],
    code: ['public_order', 'police_conduct', 'nope'],
    format: ['json', 'xml', 'XML', 'html', 'json.xml'],
    token: ['abc', '00000000-0000-0000-0000-000000000000'],
  };
  const raw = ['0', '-1', '1.5', '1e3', '0x10', 'NaN', 'Infinity', 'abc', '9007199254740993', '99999999999999999999', '..', '.', '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f%2e%2e%2f', '%2F', 'a%2Fb', '%00', '%FF', '%E0%A4%A', '%', '%25', '1%3BDROP%20TABLE%20cases', '%20', '%C0%AE%C0%AE', big(10_000, '9'), big(10_000, 'a'), big(100, '1')];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(real[name] ?? ['x'])).map(pct) },
    { weight: 3, arbitrary: fc.constantFrom(...raw) },
    { weight: 2, arbitrary: hostileString.map(pct) },
    { weight: 1, arbitrary: fc.constantFrom('../', '../../api/admin/users', './', '..;/') },
  );
}

function pathArb(route: RouteRecord): fc.Arbitrary<string> {
  const names = [...route.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]);
  if (!names.length) {
    return fc.oneof({ weight: 8, arbitrary: fc.constant(route.url) }, { weight: 1, arbitrary: fc.constantFrom(`${route.url}/`, `${route.url}//`, `${route.url}/..`, `${route.url}%00`, `${route.url};x`) });
  }
  return fc.tuple(...names.map(paramArb)).map((vals) => {
    let i = 0;
    return route.url.replace(/:([A-Za-z_]+)/g, () => vals[i++]);
  });
}

type AuthKind = 'proper' | 'huge' | 'malformed' | 'lowercase' | 'garbage' | 'other-scheme' | 'latin1' | 'double';
const authArb = fc.oneof({ weight: 6, arbitrary: fc.constant<AuthKind>('proper') },
  { weight: 1, arbitrary: fc.constantFrom<AuthKind>('huge', 'malformed', 'lowercase', 'garbage', 'other-scheme', 'latin1', 'double') });

function authorization(kind: AuthKind, token: string | null): string | undefined {
  switch (kind) {
    case 'proper': return token ? `Bearer ${token}` : undefined;
    case 'huge': return `Bearer ${big(12_000, 'A')}`;
    case 'malformed': return 'Bearer';
    case 'lowercase': return `bearer ${token ?? 'x'}`;
    case 'garbage': return `Bearer ${token ?? ''}' OR 1=1 --`;
    case 'other-scheme': return 'Basic YWRtaW46QWRtaW4tVGVzdC0yMDI2';
    case 'latin1': return Buffer.from([0x42, 0x65, 0x61, 0x72, 0x65, 0x72, 0x20, 0xff, 0xfe, 0xe9]).toString('latin1');
    case 'double': return `Bearer ${token ?? 'x'}, Bearer ${token ?? 'y'}`;
  }
}

interface Extra { idem?: string; reqId?: string; accept?: string; ts?: string; sig?: string; signIt: boolean }
const extraHeadersArb: fc.Arbitrary<Extra> = fc.record({
  idem: fc.option(fc.constantFrom('', 'k', big(101), big(100), 'ÿÿ'), { nil: undefined }),
  reqId: fc.option(fc.constantFrom(big(64), big(65), '../', 'ÿ'), { nil: undefined }),
  accept: fc.option(fc.constantFrom('application/xml', '*/*;q=0', 'text/event-stream', 'ÿ'), { nil: undefined }),
  ts: fc.option(fc.constantFrom('0', '-1', big(20, '9'), 'NaN', String(Math.floor(Date.now() / 1000))), { nil: undefined }),
  sig: fc.option(fc.constantFrom('', big(64, 'a'), big(64, 'g'), big(1000, 'f')), { nil: undefined }),
  signIt: fc.boolean(),
}, { requiredKeys: ['signIt'] });

// ------------------------------------------------------------------------------------------------
// A valid request with one part spoiled: every other field passes, so the hostile value reaches the
// handler, the command and the store behind the schema.

let sampleFixture: SampleFixture;
type Path = (string | number)[];

function leafPaths(v: unknown, at: Path = []): Path[] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => leafPaths(x, [...at, i]))];
  if (v && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...at, k]))];
  return [at];
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const copy: any = Array.isArray(root) ? [...root] : { ...(root as object) };
  copy[path[0]] = setAt(copy[path[0]], path.slice(1), value);
  return copy;
}

interface Spoiled { path: string; body?: Body; label: string }

/** The request a (possibly spoiled) sample makes: path with its parameters and query string, and its body. */
function requestFromSample(route: RouteRecord, s: Sample, label: string): Spoiled {
  let path: string;
  try { path = fillPath(route.url, s.params); } catch { path = route.url.replace(/:([A-Za-z_]+)/g, (_, n: string) => pct(s.params?.[n] ?? 'x')); }
  let qs = '';
  if (s.query) { try { qs = new URLSearchParams(s.query).toString(); } catch { qs = ''; } }
  const body: Body | undefined = s.form
    ? { contentType: 'application/x-www-form-urlencoded', bytes: utf8(new URLSearchParams(s.form).toString()), label }
    : s.body !== undefined ? json(s.body, label) : undefined;
  return { path: qs ? `${path}?${qs}` : path, body, label };
}

const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
const fieldName = (at: Path) => at.map((x) => (typeof x === 'number' ? `[${x}]` : `.${x}`)).join('');

/** The sample with the value at one place replaced: a body leaf, a query key, a path parameter or a form field. */
function spoil(s: Sample, where: { part: 'body'; at: Path } | { part: 'query' | 'params' | 'form'; key: string }, value: unknown): [Sample, string] {
  if (where.part === 'body') return [{ ...s, body: setAt(s.body, where.at, value) as Record<string, unknown> }, `sample, body${fieldName(where.at)} = ${asText(value).slice(0, 40)}`];
  return [{ ...s, [where.part]: { ...s[where.part], [where.key]: asText(value) } }, `sample, ${where.part}.${where.key} = ${asText(value).slice(0, 40)}`];
}

function placesOf(s: Sample) {
  const places: ({ part: 'body'; at: Path } | { part: 'query' | 'params' | 'form'; key: string })[] = [];
  if (s.body !== undefined) for (const at of leafPaths(s.body)) if (at.length) places.push({ part: 'body', at });
  for (const part of ['query', 'params', 'form'] as const) for (const k of Object.keys(s[part] ?? {})) if (!(part === 'form' && k === 'api_key')) places.push({ part, key: k });
  return places;
}

function spoiledArb(route: RouteRecord, make: (f: SampleFixture) => Sample): fc.Arbitrary<Spoiled> {
  const hostileValue = fc.oneof(hostileAny, fc.constantFrom<unknown>(1e20, -1, 0, 2 ** 63, '\u0000', '\ud800', big(20_000), [], {}, null, [1e20], ['\u0000']));
  return fc.tuple(fc.nat(), hostileValue).map(([pick, value]) => {
    const s = make(sampleFixture);
    const places = placesOf(s);
    if (!places.length) return requestFromSample(route, s, 'sample');
    const [spoiled, label] = spoil(s, places[pick % places.length], value);
    return requestFromSample(route, spoiled, label);
  });
}

// The sweep: every place of a sample, each edge value of its kind, once.
const STRING_EDGES: unknown[] = ['', ' ', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z', '0001-01-01', '9999-12-31T23:59:59Z', '9999-12', '1900-01',
  'infinity', '\u0000', '\ud800', '💩'.repeat(10), `%'"\\_`, null];
const NUMBER_EDGES: unknown[] = [1e20, -1, 0, 2 ** 53 - 1, 2 ** 63, 1.5, 1e308, '1'];
const URL_EDGES: unknown[] = [...STRING_EDGES.filter((v) => v !== null), big(5000), '1e20', '-1', '99999999999999999999', '1.5'];

function sweep(route: RouteRecord, make: (f: SampleFixture) => Sample): Spoiled[] {
  const s = make(sampleFixture);
  const out: Spoiled[] = [];
  for (const where of placesOf(s)) {
    let edges: unknown[];
    if (where.part !== 'body') edges = URL_EDGES;
    else {
      let v: unknown = s.body;
      for (const k of where.at) v = (v as any)?.[k];
      edges = typeof v === 'string' ? [...STRING_EDGES, big(100_000)] : typeof v === 'number' ? NUMBER_EDGES : typeof v === 'boolean' ? ['true', null]
        : Array.isArray(v) ? [[], null, new Array(5000).fill(v[0] ?? 1)] : [null, []];
    }
    for (const e of edges) {
      const [spoiled, label] = spoil(s, where, e);
      out.push(requestFromSample(route, spoiled, label));
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// The oracle

const TABLES = ['cases', 'case_events', 'citizens', 'users', 'messages', 'notices', 'outbox', 'attachments'] as const;
async function counts(): Promise<string> {
  const r = await t.sys.store.query<Record<string, string>>(`SELECT ${TABLES.map((x) => `(SELECT count(*) FROM ${x}) AS ${x}`).join(', ')}`);
  return TABLES.map((x) => `${x}=${r.rows[0][x]}`).join(' ');
}

function describeReq(actor: ActorName, r: Req, label: string): string {
  const h = Object.entries(r.headers).map(([k, v]) => `${k}: ${v.length > 80 ? `${v.slice(0, 60)}…(${v.length})` : v}`).join('; ');
  const b = r.body === undefined ? '(none)' : r.body.length > 300 ? `${JSON.stringify(r.body.subarray(0, 200).toString('latin1'))}…(${r.body.length} bytes)` : JSON.stringify(r.body.toString('latin1'));
  return `[${actor}] ${r.method} ${r.path.length > 300 ? `${r.path.slice(0, 200)}…(${r.path.length})` : r.path}\n    headers: ${h}\n    body (${label}): ${b}`;
}

function errorShapeProblem(path: string, res: Raw): string | null {
  const text = res.body.toString('utf8');
  if (path.startsWith('/open311/')) {
    if (/\.xml(\?|$)/i.test(path.split('?')[0]) || String(res.headers['content-type']).includes('xml')) {
      return /<errors>[\s\S]*<description>[^<]+<\/description>/.test(text) ? null : 'Open311 XML error without <errors><error><description>';
    }
    try {
      const v = JSON.parse(text);
      return Array.isArray(v) && v.length > 0 && v.every((e) => e && typeof e.code === 'number' && typeof e.description === 'string' && e.description.length > 0)
        ? null : 'Open311 error is not a list of {code, description}';
    } catch { return 'Open311 error is not JSON'; }
  }
  try {
    const v = JSON.parse(text);
    const e = v?.error;
    if (!e || typeof e.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(e.code)) return 'no error.code in snake_case';
    if (typeof e.message !== 'string' || !e.message.trim()) return 'empty error.message';
    return null;
  } catch { return 'error body is not JSON'; }
}

// The row counts after the last refused request: one count per request while refusals follow one another.
let lastCounts: string | null = null;

async function throwAt(route: RouteRecord, actor: ActorName, r: Req, label: string) {
  const before = lastCounts ?? await counts();
  lastCounts = null;
  let res: Raw;
  try {
    res = await send(r);
  } catch (e) {
    failures.push({ route: key(route), why: `no answer: ${(e as Error).message}`, request: describeReq(actor, r, label), status: 0, body: '' });
    return;
  }
  tally.requests++;
  tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
  const fail = (why: string) => failures.push({ route: key(route), why, request: describeReq(actor, r, label), status: res.status, body: res.body.toString('utf8').slice(0, 300) });
  if (res.status >= 500) { tally.fiveXX++; fail(`${res.status} for hostile input`); return; }
  if (res.status >= 400) {
    // 431 comes from node's HTTP parser (headers over 16 KiB), before any of our code: it has no body by design.
    if (res.status !== 431) {
      const shape = errorShapeProblem(r.path, res);
      if (shape) fail(shape);
    }
    const after = await counts();
    if (after !== before) fail(`a refused request changed rows: ${before} → ${after}`);
    lastCounts = after;
  }
}

const key = (r: RouteRecord) => `${r.method} ${r.url}`;

/** Requests that must not succeed as written, lest the run change its own ground (clock, tokens). */
async function tame(route: RouteRecord, actor: ActorName, r: Req, signIt: boolean): Promise<Req> {
  const k = key(route);
  if (k === 'POST /api/auth/logout' && actor !== 'anonymous' && r.headers.authorization?.includes(tokens[actor]!)) {
    // Logging out revokes the token: log out a throwaway session of the same person instead.
    const throwaway = await createSession(t.sys.store, actor === 'admin' ? { userId: ids.adminUserId } : { citizenId: ids.citizenId }, 1);
    r.headers.authorization = r.headers.authorization.replace(tokens[actor]!, throwaway);
  }
  if (k === 'POST /api/admin/clock' && r.body) {
    // A moved clock would breach the fixtures' limits in the background and change rows under the oracle.
    try {
      const v = JSON.parse(r.body.toString('utf8'));
      if (v && typeof v === 'object' && typeof v.advanceMinutes === 'number' && v.advanceMinutes > 0) r.body = utf8(JSON.stringify({ ...v, advanceMinutes: 0 }));
    } catch { /* not JSON: as it is */ }
  }
  if (k === 'POST /api/channels/:channel/cases' && signIt) {
    let channel = '';
    try { channel = decodeURIComponent(r.path.split('/')[3] ?? ''); } catch { /* a malformed escape: left unsigned */ }
    const s = (await t.sys.store.query<{ secret: string | null }>('SELECT secret FROM channels WHERE code = $1', [channel]).catch(() => ({ rows: [] as { secret: string | null }[] }))).rows[0]?.secret;
    if (s) {
      const ts = String(Math.floor(Date.now() / 1000));
      r.headers['x-timestamp'] = ts;
      r.headers['x-signature'] = createHmac('sha256', s).update(`${ts}.`).update(r.body ?? Buffer.alloc(0)).digest('hex');
    }
  }
  return r;
}

function sampleReq(route: RouteRecord, actor: ActorName, sp: Spoiled): Req {
  const headers: Record<string, string> = {};
  if (tokens[actor]) headers.authorization = `Bearer ${tokens[actor]}`;
  if (sp.body?.contentType) headers['content-type'] = sp.body.contentType;
  return { method: route.method, path: sp.path, headers, body: sp.body?.bytes };
}

/** The caller whose well-formed request gets past the door (not 401/403): the handler is reached as them. */
async function reachingActor(route: RouteRecord, make: ((f: SampleFixture) => Sample) | undefined): Promise<ActorName> {
  if (!make || key(route) === 'POST /api/auth/logout') return /^\/api\/letters/.test(route.url) ? 'citizen' : 'admin';
  for (const actor of ['admin', 'citizen'] as const) {
    const sp = requestFromSample(route, make(sampleFixture), 'probe');
    const res = await send(await tame(route, actor, sampleReq(route, actor, sp), true)).catch(() => null);
    lastCounts = null; // a probe that got through may have written rows
    if (res && res.status !== 401 && res.status !== 403) return actor;
  }
  return 'admin';
}

function buildReq(route: RouteRecord, actor: ActorName, path: string, query: string, body: Body | undefined, auth: AuthKind, extra: Extra): Req {
  const headers: Record<string, string> = {};
  const a = authorization(auth, tokens[actor]);
  if (a !== undefined) headers.authorization = a;
  if (extra.idem !== undefined) headers['idempotency-key'] = extra.idem;
  if (extra.reqId !== undefined) headers['x-request-id'] = extra.reqId;
  if (extra.accept !== undefined) headers.accept = extra.accept;
  if (extra.ts !== undefined) headers['x-timestamp'] = extra.ts;
  if (extra.sig !== undefined) headers['x-signature'] = extra.sig;
  if (route.url.startsWith('/open311/') && actor !== 'anonymous' && body?.bytes && body.contentType?.includes('urlencoded')) {
    // The citizen and admin runs carry a real API key, so that the form reaches the handler.
    body = { ...body, bytes: Buffer.concat([utf8(`api_key=${encodeURIComponent(apiKey)}&`), body.bytes]) };
  }
  if (body?.contentType !== undefined) headers['content-type'] = body.contentType;
  return { method: route.method, path: query ? `${path}?${query}` : path, headers, body: body?.bytes };
}

// ------------------------------------------------------------------------------------------------

let routes: RouteRecord[] = [];

beforeAll(async () => {
  t = await startTestSystem();
  const u = new URL(t.url);
  host = u.hostname;
  port = Number(u.port);
  // The fuzzing administrator holds every center role, so that dispatcher- and reviewer-only handlers are reached too.
  tokens.admin = await staff(t, 'fuzz-admin', ['admin', 'dispatcher', 'reviewer', 'viewer'], 'center');
  ids.adminUserId = Number((await t.api.get('/api/auth/me', tokens.admin)).body.id);
  tokens.citizen = await citizen(t, '13900000001', '测试人', idNumber('44030419900101001'));
  ids.citizenId = Number((await t.sys.store.query<{ id: string }>('SELECT id FROM citizens WHERE phone_hash = $1', [phoneIndex('13900000001')])).rows[0].id);
  const other = await citizen(t, '13900000002', '另一人', idNumber('44030419900101002'));
  const mine = await t.api.post('/api/letters', { type: 'complaint', category: 'public_order', title: '福田噪音', content: '福田区香蜜湖附近夜间施工噪音严重扰民。', address: '福田区香蜜湖' }, tokens.citizen);
  const theirs = await t.api.post('/api/letters', { type: 'complaint', category: 'public_order', title: '罗湖噪音', content: '罗湖区东门夜间施工噪音严重扰民。', address: '罗湖区东门' }, other);
  Object.assign(fx, { caseId: mine.body.id, number: mine.body.number, otherCaseId: theirs.body.id, otherNumber: theirs.body.number });
  await t.api.post(`/api/cases/${fx.caseId}/dispatch`, { unitCode: 'futian-branch' }, tokens.admin);
  const camp = await t.api.post('/api/campaigns', { title: '噪音专项', caseIds: [fx.caseId, fx.otherCaseId], unitCode: 'futian-branch' }, tokens.admin);
  fx.campaignId = camp.body.id;
  apiKey = (await t.api.post('/api/admin/open311-keys', { name: 'fuzz' }, t.adminToken)).body.apiKey;
  await t.api.put('/api/admin/channels/12345', { secret: 'fuzz-channel-secret-0123456789' }, t.adminToken);
  expect(mine.status).toBe(201);
  expect(camp.status).toBe(201);
  expect(apiKey).toBeTruthy();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(PNG_1x1)]), 'p.png');
  fx.attachmentId = (await t.api.req('POST', '/api/attachments', { token: tokens.citizen, raw: form })).body.id;
  const o311 = await t.api.req('POST', '/open311/v2/requests.json', {
    raw: new URLSearchParams({ api_key: apiKey, service_code: 'public_order', description: '福田区香蜜湖夜间施工噪音扰民。', lat: '22.54', long: '114.05' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  let serial = 0;
  sampleFixture = {
    ownCaseId: fx.caseId, foreignCaseId: fx.otherCaseId, ownNumber: fx.number, foreignNumber: fx.otherNumber,
    ownCampaignId: fx.campaignId, foreignCampaignId: fx.campaignId, ownAttachmentId: fx.attachmentId, foreignAttachmentId: fx.attachmentId,
    open311Number: o311.body?.[0]?.service_request_id ?? 'none', open311Token: o311.body?.[0]?.token ?? 'none', apiKey, adminPassword: ADMIN_PASSWORD,
    unique: () => `f${++serial}`,
  };

  // Static files, the SPA fallback and the /docs pages are fastify plugins' own; HEAD twins answer as their GETs.
  routes = routeTable(t.sys.app).filter((r) => r.method !== 'HEAD' && r.url !== '/*' && !r.url.startsWith('/docs'));
}, 120_000);

afterAll(async () => {
  const statuses = [...tally.byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
  const slowest = [...timings].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join(', ');
  console.log(`[fuzz] slowest routes: ${slowest}`);
  console.log(`[fuzz] seed ${SEED}; per route: fixed adversaries, a sweep of each sample field × edge values, ${RUNS} random + ${RUNS} spoiled-sample runs; ${routes.length} routes; requests thrown: ${tally.requests}; 5xx seen: ${tally.fiveXX}; statuses: ${statuses}`);
  await t?.close();
});

function report(routeKeys: string[]): void {
  const out: string[] = [];
  for (const route of routeKeys) {
    const mine = failures.filter((f) => f.route === route);
    if (!mine.length) continue;
    const distinct = new Map<string, Failure>();
    for (const f of mine) {
      const k = `${f.status} ${f.why} ${f.body.slice(0, 80)}`;
      if (!distinct.has(k)) distinct.set(k, f);
    }
    const lines = [...distinct.values()].slice(0, 5).map((f) => `  • ${f.status} — ${f.why}\n    ${f.request}\n    answer: ${f.body}`);
    out.push(`${route}: ${mine.length} bad answer(s); distinct ones:\n${lines.join('\n')}`);
  }
  if (out.length && process.env.FUZZ_DUMP) appendFileSync(process.env.FUZZ_DUMP, `${JSON.stringify(failures.filter((f) => routeKeys.includes(f.route)))}\n`);
  if (out.length) throw new Error(`FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}\n${out.join('\n\n')}`);
}

describe('hostile input on every route', () => {
  it('the route table is there', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.map(key)).toContain('POST /api/letters');
  });

  // One test per route, generated after the system has started (vitest collects synchronously,
  // so the routes are walked inside one test per group instead).
  const groups: [string, (r: RouteRecord) => boolean][] = [
    ['public, auth and system', (r) => !/^\/(api|open311)\//.test(r.url) || /^\/api\/(auth|public|faq$|citizen)/.test(r.url)],
    ['administration', (r) => r.url.startsWith('/api/admin/')],
    ['citizens and attachments', (r) => /^\/api\/(letters|attachments)/.test(r.url)],
    ['case handling', (r) => /^\/api\/(cases|live|notices|triage|typical-cases)/.test(r.url)],
    ['analysis and figures', (r) => /^\/api\/(stats|hotspots|alerts|faq\/|campaigns)/.test(r.url)],
    ['channels and Open311', (r) => /^\/(api\/channels|open311)\//.test(r.url)],
  ];

  for (const [name, inGroup] of groups) {
    it(`${name}: never a 5xx, always the error format, nothing changed by a refusal`, async () => {
      // FUZZ_ROUTES=regex narrows the run to matching "METHOD /url" keys (a group left empty passes).
      const only = process.env.FUZZ_ROUTES ? new RegExp(process.env.FUZZ_ROUTES) : null;
      const mine = routes.filter(inGroup).filter((r) => !only || only.test(key(r)));
      if (!only) expect(mine.length).toBeGreaterThan(0);
      for (const route of mine) {
        const started = Date.now();
        const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
        const make = SAMPLES[key(route)];
        const reach = await reachingActor(route, make);
        const defaults: Record<string, string> = { id: String(fx.caseId), number: fx.number, channel: '12345', year: '2026', name: 'router', code: 'public_order', format: 'json', token: 'abc' };
        const plainPath = route.url.replace(/:([A-Za-z_]+)/g, (_, n: string) => defaults[n] ?? 'x');
        // The fixed adversaries: all of them as the caller who reaches the handler, a few as the others.
        for (const actor of ACTORS) {
          const bodies = !hasBody ? [FIXED_BODIES[0]] : actor === reach ? FIXED_BODIES : FIXED_BODIES.filter((b) => FEW_BODIES.has(b.label));
          for (const b of bodies) await throwAt(route, actor, await tame(route, actor, buildReq(route, actor, plainPath, '', b, 'proper', { signIt: true }), true), b.label);
        }
        // Hostile path parameters: a malformed escape, an overlong id, a NUL, a lone surrogate, a climb, an overflow.
        if (route.url.includes(':')) {
          for (const actor of new Set<ActorName>([reach, 'anonymous'])) {
            for (const v of ['%E0%A4%A', big(10_000, '9'), '%00', '%ED%A0%80', '..%2F..%2Fetc%2Fpasswd', '99999999999999999999']) {
              await throwAt(route, actor, await tame(route, actor, buildReq(route, actor, route.url.replace(/:([A-Za-z_]+)/g, v), '', undefined, 'proper', { signIt: false }), false), 'none');
            }
          }
        }
        // A well-formed request with one place spoiled, each edge value once: they reach the command and the store.
        if (make) {
          for (const sp of sweep(route, make)) await throwAt(route, reach, await tame(route, reach, sampleReq(route, reach, sp), true), sp.label);
        }
        // Generated: anything anywhere, as anyone.
        await fc.assert(fc.asyncProperty(
          fc.constantFrom(...ACTORS), pathArb(route), queryArb(route), hasBody ? bodyArb(route).map((b) => b as Body | undefined) : fc.constant(undefined),
          authArb, extraHeadersArb,
          async (actor, path, query, body, auth, extra) => {
            const r = await tame(route, actor, buildReq(route, actor, path, query, body, auth, extra), extra.signIt);
            await throwAt(route, actor, r, body?.label ?? 'none');
          }), { seed: SEED, numRuns: RUNS, endOnFailure: true });
        // Generated: a well-formed request with one place spoiled by a random hostile value.
        if (make) {
          await fc.assert(fc.asyncProperty(fc.constantFrom<ActorName>(reach, reach, reach, ...ACTORS), spoiledArb(route, make), fc.boolean(), async (actor, sp, signIt) => {
            await throwAt(route, actor, await tame(route, actor, sampleReq(route, actor, sp), signIt), sp.label);
          }), { seed: SEED + 1, numRuns: RUNS, endOnFailure: true });
        }
        timings.push([key(route), Date.now() - started]);
      }
      report(mine.map(key));
    }, 600_000);
  }
});
