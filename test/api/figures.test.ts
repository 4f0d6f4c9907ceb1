// The figures come from rollups kept in step with the cases (migration 007). Whatever happens to
// the cases, the rollups must give exactly what counting every case gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, staff, citizen, type TestSystem } from '../helpers/system.js';
import { overview, unitRanking, breakdown, DIMENSION_NAMES } from '../../src/commands/stats.js';
import { fold, splitRange } from '../../src/commands/figures.js';

describe('splitRange', () => {
  it('cuts a range into whole China-time days and the partial stretches at its ends', () => {
    expect(splitRange(new Date('2026-11-01T00:00:00+08:00'), new Date('2026-12-01T00:00:00+08:00')))
      .toEqual({ days: ['2026-11-01', '2026-12-01'], edges: [] });
    const r = splitRange(new Date('2026-11-01T09:30:00+08:00'), new Date('2026-11-05T12:00:00+08:00'));
    expect(r.days).toEqual(['2026-11-02', '2026-11-05']);
    expect(r.edges.map(([a, b]) => [a.toISOString(), b.toISOString()])).toEqual([
      ['2026-11-01T01:30:00.000Z', '2026-11-01T16:00:00.000Z'], ['2026-11-04T16:00:00.000Z', '2026-11-05T04:00:00.000Z']]);
    expect(splitRange(new Date('2026-11-01T09:30:00+08:00'), new Date('2026-11-01T18:00:00+08:00')).days).toBeNull();
  });
});

describe('figures from the rollups', () => {
  let t: TestSystem;
  beforeAll(async () => { t = await startTestSystem({ demoData: true }); }, 120_000);
  afterAll(async () => { await t?.close(); });

  async function same(label: string) {
    const deps = t.sys.deps;
    const now = deps.clock.now();
    const month = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
    const ranges = [{}, { from: '2026-08-01', to: '2026-10-15' }, { from: new Date(now.getTime() - 40 * 86400_000 - 3_600_000).toISOString() }];
    const figures = ({ to: _to, ...rest }: Record<string, unknown>) => rest; // `to` defaults to the moment of asking
    for (const q of ranges) {
      expect(figures(await overview(deps, q)), `${label} overview ${JSON.stringify(q)}`).toEqual(figures(await overview(deps, q, false)));
      expect(figures(await overview(deps, { ...q, unit: 'futian-branch' }))).toEqual(figures(await overview(deps, { ...q, unit: 'futian-branch' }, false)));
    }
    for (const by of DIMENSION_NAMES) expect(await breakdown(deps, { by }), `${label} by ${by}`).toEqual(await breakdown(deps, { by }, false));
    for (const m of [month, '2026-09']) expect(await unitRanking(deps, { month: m }), `${label} ranking ${m}`).toEqual(await unitRanking(deps, { month: m }, false));
  }

  it('match counting every case: after the demo data, after folding, and after cases move along', async () => {
    const o = await overview(t.sys.deps, {});
    expect(o.received).toBeGreaterThan(300);
    await same('before folding');
    await fold(t.sys.store);
    expect(Number((await t.sys.store.query<{ n: number }>('SELECT count(*) AS n FROM case_figure_deltas')).rows[0].n)).toBe(0);
    await same('after folding');

    // Cases move: dispatched (unit changes), signed, merged; the figures follow without a fold.
    const dispatcher = await staff(t, 'disp_fig', ['dispatcher'], 'center');
    const writer = await citizen(t, '13600136999');
    const waiting: { id: number }[] = [];
    for (let i = 0; i < 3; i++) {
      waiting.push((await t.api.post('/api/letters', { type: 'help', title: `小区门口违停${i}`, content: '小区门口每天晚上都有车辆违停，堵住消防通道，请处理。' }, writer)).body);
    }
    await same('after new letters');
    expect((await t.api.post(`/api/cases/${waiting[0].id}/dispatch`, { unitCode: 'futian-branch' }, dispatcher)).status).toBe(200);
    expect((await t.api.post(`/api/cases/${waiting[1].id}/merge`, { intoId: waiting[2].id }, dispatcher)).status).toBe(200);
    await same('after changes');
    await fold(t.sys.store);
    await same('after the second fold');
  }, 120_000);
});
