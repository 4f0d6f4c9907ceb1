// Text that PostgreSQL cannot store is refused at the door, with a 400 that names the field.
// - A NUL character (U+0000) is valid in JSON ("\u0000"), in a form and in a percent-escaped path
//   (%00), but neither a text column nor a jsonb value can hold it: the store answers "invalid byte
//   sequence" (22021) or "unsupported Unicode escape sequence" (22P05).
// - A lone UTF-16 surrogate ("\ud800" in JSON) is no character at all: a jsonb value refuses it
//   ("Unicode low surrogate must follow a high surrogate"), a text column would silently store U+FFFD.
// Both used to surface as a 500 (found by test/fuzz.test.ts on the login, FAQ, Open311-key, letter,
// rating, thanks and settings routes). Checked once here for every route — path parameters, query
// string and body, keys as well as values — before any handler or store sees the request.
// A preHandler: who asks (401), a channel's signature (401), an Open311 key (403) and the schema
// (400) are all settled first, as before; unknown fields are already dropped by then.
import type { FastifyInstance } from 'fastify';
import { badRequest } from './errors.js';

const NUL = '\u0000';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with a string, or null when PostgreSQL can store it as it is. */
function unstorable(s: string): string | null {
  if (s.includes(NUL)) return '不能包含空字符（U+0000）';
  if (LONE_SURROGATE.test(s)) return '含有无效的 Unicode 字符（孤立的代理项）';
  return null;
}

const printable = (name: string) => name.replaceAll(NUL, '\\0').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd');

/** The first string (or key) that cannot be stored, named as validationMessages names fields; null when all is clean. */
export function unstorableField(root: unknown, rootName: string): { field: string; why: string } | null {
  const stack: [unknown, string][] = [[root, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const why = unstorable(v);
      if (why) return { field: printable(path || rootName), why };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const name = path ? `${path}.${k}` : k;
        const why = unstorable(k);
        if (why) return { field: printable(name), why };
        stack.push([x, name]);
      }
    }
  }
  return null;
}

export function registerInputGuard(app: FastifyInstance) {
  app.addHook('preHandler', async (req) => {
    for (const [part, value] of [['params', req.params], ['querystring', req.query], ['body', req.body]] as const) {
      const bad = unstorableField(value, part);
      if (bad) throw badRequest(bad.field, bad.why);
    }
  });
}
