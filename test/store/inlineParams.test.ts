// The server store sends BEGIN, exec() statements and COMMIT together with the next statement, its
// parameters written in as literals (store/db.ts inlineParams). A literal must mean exactly what the
// parameter meant, and no value may ever break out of its quotes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineParams, openStore, type Store } from '../../src/store/db.js';

const awkward = [
  "O'Brien", "'; DROP TABLE cases; --", 'back\\slash \\x00 \\\'', '$1 $2 $$ $tag$', '张三 🙂 \u3000全角', '', 'line\nbreak\ttab',
];

describe('inlineParams', () => {
  it('replaces each $n outside quotes, comments and dollar quotes', () => {
    expect(inlineParams("SELECT $1, '$1', \"$2\", $2 -- $1\n, $$ $1 $$, $10", ['a', 'b', 3, 4, 5, 6, 7, 8, 9, 'ten']))
      .toBe("SELECT 'a', '$1', \"$2\", 'b' -- $1\n, $$ $1 $$, 'ten'");
    expect(inlineParams("SELECT 'it''s $1', $1", ['x'])).toBe("SELECT 'it''s $1', 'x'");
    expect(inlineParams('SELECT $1, $2', [null, undefined])).toBe('SELECT NULL, NULL');
  });

  it('refuses a statement that refers to a parameter it was not given', () => {
    expect(() => inlineParams('SELECT $2', ['only one'])).toThrow(/\$2/);
  });
});

describe('inlined literals mean what the parameters meant', () => {
  let store: Store;
  beforeAll(async () => { store = await openStore({ databaseUrl: process.env.TEST_DATABASE_URL }); });
  afterAll(async () => { await store.close(); });

  const cases: [string, unknown[]][] = [
    ...awkward.map((v): [string, unknown[]] => ['SELECT $1::text AS v', [v]]),
    ['SELECT $1::timestamptz AS v', [new Date('2026-02-03T04:05:06.789Z')]],
    ['SELECT $1::bigint[] AS v', [[1, 2, 3]]],
    ['SELECT $1::text[] AS v', [["a'b", 'c,d', 'e"f', null]]],
    ['SELECT $1::jsonb AS v', [JSON.stringify({ q: "it's", n: [1, { x: '\\' }] })]],
    ['SELECT $1::jsonb AS v', [{ q: "it's" }]],
    ['SELECT $1::boolean AS v, $2::int + 1 AS w', [true, 41]],
    ['SELECT $1::bytea AS v', [Buffer.from([0, 1, 2, 255, 39])]],
    ['SELECT $1::numeric * 2 AS v', [1.25]],
    ['SELECT $1 || lpad($2::text, 4, \'0\') AS v', ['JB', 7]],
    ['SELECT x FROM unnest($1::int[]) AS x ORDER BY x DESC LIMIT $2', [[3, 1, 2], 2]],
  ];
  it.each(cases)('%s', async (sql, params) => {
    const asParams = await store.query(sql, params);
    const asLiterals = await store.query(inlineParams(sql, params));
    expect(asLiterals.rows).toEqual(asParams.rows);
  });

  it('keeps a hostile value inside its quotes', async () => {
    const r = await store.query(inlineParams('SELECT $1::text AS v, 2 AS w', ["x'; SELECT 1; --"]));
    expect(r.rows).toEqual([{ v: "x'; SELECT 1; --", w: 2 }]);
  });
});

// Named (hot) statements: prepared once per server connection, then only executed — in a batch as
// PREPARE/EXECUTE with literal arguments, outside one through pg's own named statements. The
// embedded store ignores the name. Either way the results are those of the plain statement.
describe('named statements', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ databaseUrl: process.env.TEST_DATABASE_URL, poolSize: 2 });
    await store.query('CREATE TABLE IF NOT EXISTS named_t (id int PRIMARY KEY, v text, at timestamptz, tags text[], doc jsonb)');
  });
  afterAll(async () => { await store.query('DROP TABLE IF EXISTS named_t'); await store.close(); });

  const insert = 'INSERT INTO named_t (id, v, at, tags, doc) VALUES ($1, $2, $3, $4, $5)';
  const row = (id: number) => [id, `it's ${id} $1`, new Date(Date.UTC(2026, 0, id)), ['a', "b'c", null], JSON.stringify({ id })];

  it('gives the same rows, run many times over every pooled connection, in and out of transactions', async () => {
    for (let i = 1; i <= 12; i++) {
      await store.transaction(async (tx) => {
        await tx.exec(insert, row(i), 'named_insert');
        const r = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM named_t WHERE id <= $1', [i], 'named_count');
        expect(r.rows[0].n).toBe(i);
      });
      await Promise.all([1, 2, 3].map(() => store.query('SELECT v FROM named_t WHERE id = $1', [i], 'named_get')));
    }
    const r = await store.query<{ id: number; v: string; at: Date; tags: string[]; doc: { id: number } }>('SELECT * FROM named_t ORDER BY id');
    expect(r.rows).toHaveLength(12);
    expect(r.rows[4]).toEqual({ id: 5, v: "it's 5 $1", at: new Date(Date.UTC(2026, 0, 5)), tags: ['a', "b'c", null], doc: { id: 5 } });
  });

  it('a failing batch that carried its PREPARE leaves the next transactions working', async () => {
    for (let i = 0; i < 3; i++) {
      await expect(store.transaction(async (tx) => {
        await tx.exec(insert, row(100 + i), 'named_insert_fresh');
        await tx.exec(insert, row(100 + i), 'named_insert_fresh'); // the same key: a unique violation
        await tx.query('SELECT 1');
      })).rejects.toThrow(/duplicate key|unique/);
    }
    await store.transaction(async (tx) => { await tx.exec(insert, row(200), 'named_insert_fresh'); });
    expect((await store.query('SELECT id FROM named_t WHERE id >= 100 ORDER BY id')).rows).toEqual([{ id: 200 }]);
  });
});
