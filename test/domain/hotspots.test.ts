import { describe, it, expect } from 'vitest';
import { groupHotspots, matchHotspot, type LetterForGrouping } from '../../src/domain/hotspots.js';
// The labelled letters, the simple bigram tokenizer and the F1 are shared with the bench, so the
// figure the bench prints is the one tested here.
import {
  bigramTokenize as tokenize,
  pairwiseF1,
  rng,
  syntheticLetters,
  SYNTHETIC_NEW,
  SYNTHETIC_NOW as now,
} from '../../bench/hotspots.js';

const DAY = 86_400_000;

describe('groupHotspots on hand-written letters', () => {
  const { letters, truth } = syntheticLetters();
  const hs = groupHotspots(letters, tokenize, { now, days: 30 });
  const groupOf = (id: number) => truth.get(id);
  const majorityGroup = (ids: number[]) => {
    const n = new Map<string | null | undefined, number>();
    for (const id of ids) n.set(groupOf(id), (n.get(groupOf(id)) ?? 0) + 1);
    return [...n.entries()].sort((a, b) => b[1] - a[1])[0][0];
  };

  it('groups letters about the same problem in different words: pairwise F1 ≥ 0.9', () => {
    const f = pairwiseF1(truth, hs);
    expect(f.f1).toBeGreaterThanOrEqual(0.9);
    expect(f.precision).toBeGreaterThanOrEqual(0.9);
  });

  it('finds every one of the six problems as a group', () => {
    const found = new Set(hs.map((h) => majorityGroup(h.caseIds)));
    for (const g of ['likang-parking', 'jinxiu-night-works', 'dongmen-ebikes', 'binhe-racing', 'fake-service-scam', 'xingfuli-charging']) {
      expect(found.has(g)).toBe(true);
    }
  });

  it('labels a group with its place and issue, and fills the fields', () => {
    const parking = hs.find((h) => majorityGroup(h.caseIds) === 'likang-parking')!;
    expect(parking.label).toContain('丽康路');
    expect(parking.keywords.length).toBeGreaterThan(0);
    expect(parking.keywords.length).toBeLessThanOrEqual(5);
    expect(parking.label.split(' · ').length).toBeGreaterThanOrEqual(2);
    expect(parking.label.split(' · ').length).toBeLessThanOrEqual(4);
    expect(parking.district).toBe('南山区');
    expect(parking.category).toBe('traffic');
    expect(parking.size).toBe(parking.caseIds.length);
    expect(parking.caseIds).toEqual([...parking.caseIds].sort((a, b) => a - b));
    expect(parking.firstAt.getTime()).toBeLessThanOrEqual(parking.lastAt.getTime());
    const racing = hs.find((h) => majorityGroup(h.caseIds) === 'binhe-racing')!;
    expect(racing.label).toContain('滨河大道');
  });

  it('a scam wave across districts stays one group only if the text carries it; no district/category is claimed without a majority', () => {
    for (const h of hs) {
      const ds = h.caseIds.map((id) => letters.find((l) => l.id === id)!.district);
      if (h.district) expect(ds.filter((d) => d === h.district).length * 2).toBeGreaterThanOrEqual(ds.length);
    }
  });

  it('gives a growing group a trend above 1 and ranks by size and growth', () => {
    const racing = hs.find((h) => majorityGroup(h.caseIds) === 'binhe-racing')!;
    expect(racing.trend).toBeGreaterThan(1);
    for (let i = 1; i < hs.length; i++) expect(hs[i - 1].score).toBeGreaterThanOrEqual(hs[i].score);
    // Growth lifts a group above a steady one of the same size.
    const noisy = hs.find((h) => majorityGroup(h.caseIds) === 'jinxiu-night-works')!;
    expect(racing.size).toBe(noisy.size);
    expect(hs.indexOf(racing)).toBeLessThan(hs.indexOf(noisy));
  });

  it('has stable ids: same input in another order, and the window moving on, keep them', () => {
    const shuffled = [...letters].reverse();
    const again = groupHotspots(shuffled, tokenize, { now, days: 30 });
    expect(again.map((h) => h.id).sort()).toEqual(hs.map((h) => h.id).sort());
    expect(again.map((h) => h.caseIds)).toEqual(hs.map((h) => h.caseIds));
    for (const h of hs) expect(h.id).toBe(`hs-${Math.min(...h.caseIds)}`);
    // One more letter about 丽康路 a day later: the group keeps its id and grows.
    const parking = hs.find((h) => majorityGroup(h.caseIds) === 'likang-parking')!;
    const extra: LetterForGrouping = {
      id: 9999, text: '丽康路晚上违停的车又把路堵住了，请交警来管一管。', district: '南山区', category: 'traffic',
      place: '丽康路', at: new Date(now.getTime() + DAY / 2),
    };
    const later = groupHotspots([...letters, extra], tokenize, { now: new Date(now.getTime() + DAY), days: 31 });
    const same = later.find((h) => h.id === parking.id)!;
    expect(same).toBeDefined();
    expect(same.caseIds).toContain(9999);
  });

  it('respects the window and minSize', () => {
    expect(groupHotspots(letters, tokenize, { now, days: 30, minSize: 100 })).toEqual([]);
    const short = groupHotspots(letters, tokenize, { now, days: 10 });
    for (const h of short) expect(h.firstAt.getTime()).toBeGreaterThan(now.getTime() - 10 * DAY);
    // Letters after `now` are not counted.
    const future = groupHotspots(letters, tokenize, { now: new Date(now.getTime() - 40 * DAY), days: 30 });
    expect(future).toEqual([]);
  });

  it('survives a JSON round trip of the hotspots (as stored) and matches new letters to open groups', () => {
    const stored = JSON.parse(JSON.stringify(hs)) as typeof hs;
    for (const l of SYNTHETIC_NEW) {
      const m = matchHotspot(l, stored, tokenize);
      if (l.group === null) expect(m).toBeNull();
      else {
        expect(m).not.toBeNull();
        expect(majorityGroup(hs.find((h) => h.id === m!.hotspotId)!.caseIds)).toBe(l.group);
      }
    }
  });

  it('matches the members of a group back to it', () => {
    let hits = 0;
    let total = 0;
    for (const h of hs.filter((h) => majorityGroup(h.caseIds) !== null)) {
      for (const id of h.caseIds) {
        total++;
        if (matchHotspot(letters.find((l) => l.id === id)!, hs, tokenize)?.hotspotId === h.id) hits++;
      }
    }
    expect(hits / total).toBeGreaterThanOrEqual(0.9);
  });
});

describe('groupHotspots at scale', () => {
  it('finds planted groups among 5,000 unrelated letters (the 50,000-letter timing is in the bench)', () => {
    // Filler letters: random strings of common characters; 20 planted problems of 10 letters each,
    // each with its own place name, one of four issue words, and filler of its own.
    const chars = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题';
    const rand = rng(1);
    const filler = (n: number) => Array.from({ length: n }, () => chars[Math.floor(rand() * chars.length)]).join('');
    const letters: LetterForGrouping[] = [];
    const start = now.getTime() - 30 * DAY;
    for (let i = 0; i < 5_000; i++) letters.push({ id: i, text: filler(80), district: null, category: null, at: new Date(start + rand() * 30 * DAY) });
    const issues = ['违停堵路', '夜间施工', '电动车乱窜', '飙车炸街'];
    for (let g = 0; g < 20; g++) {
      const place = `${filler(3)}路`;
      for (let k = 0; k < 10; k++) {
        letters.push({ id: letters.length, text: `${place}${issues[g % 4]}，${filler(15)}，${place}${filler(15)}`, district: null, category: null, at: new Date(start + rand() * 30 * DAY) });
      }
    }
    const hs = groupHotspots(letters, tokenize, { now, days: 30 });
    const planted = hs.filter((h) => h.size >= 8 && h.caseIds.every((id) => id >= 5_000 && Math.floor((id - 5_000) / 10) === Math.floor((h.caseIds[0] - 5_000) / 10)));
    expect(planted.length).toBeGreaterThanOrEqual(18);
    // Random filler never forms a group of its own.
    expect(hs.filter((h) => h.caseIds.some((id) => id < 5_000)).length).toBeLessThanOrEqual(1);
  });
});
