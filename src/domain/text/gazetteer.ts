// District of a letter from what it names: district names, streets (街道), roads, communities,
// landmarks, metro stations, schools, malls (config/gazetteer.json), and the map point.
// A district route (traffic → that district's 交警大队) is only as good as this answer, so it
// says "unknown" (null) when evidence is missing or conflicts evenly instead of guessing.
import data from '../../../config/gazetteer.json' with { type: 'json' };
import { normalize } from './normalize.js';

export interface LatLng { lat: number; lng: number }
export interface DistrictGuess { district: string | null; evidence: string | null; confidence: number }

type Kind = 'district' | 'short' | 'street' | 'place' | 'ambiguous';
interface Entry { name: string; district: string | null; kind: Kind; weight: number }

interface DistrictData {
  code: string; name: string; short: string; bbox: number[];
  streets: string[]; roads: string[]; communities: string[]; landmarks: string[];
  metro: string[]; schools: string[]; malls: string[];
}
const DISTRICTS_DATA = data.districts as DistrictData[];

/** District codes and names, in the gazetteer's order. */
export const DISTRICTS: ReadonlyArray<{ code: string; name: string; short: string }> =
  DISTRICTS_DATA.map(({ code, name, short }) => ({ code, name, short }));

// Weights: a full district name or a 街道 is as good as an address; a road or landmark is good
// evidence; a bare short name ("福田") a little less; a short name that is also a common word
// ("光明") barely counts on its own.
const W = { district: 3, street: 3, place: 2, short: 2, weakShort: 0.75, addressBonus: 1, point: 2 };

const ENTRIES: Map<string, Entry> = (() => {
  const m = new Map<string, Entry>();
  const weak = new Set<string>(data.weakShortNames);
  const put = (raw: string, district: string | null, kind: Kind, weight: number) => {
    const name = normalize(raw);
    if (name.length < 2) return;
    const old = m.get(name);
    // The same name in two districts proves neither: it becomes ambiguous.
    if (old && old.district !== district) m.set(name, { name, district: null, kind: 'ambiguous', weight: 0 });
    else if (!old || old.weight < weight) m.set(name, { name, district, kind, weight });
  };
  for (const d of DISTRICTS_DATA) {
    put(d.name, d.code, 'district', W.district);
    put(d.short + '区', d.code, 'district', W.district);
    put(d.short, d.code, 'short', weak.has(d.short) ? W.weakShort : W.short);
    for (const s of d.streets) put(s, d.code, 'street', W.street);
    for (const list of [d.roads, d.communities, d.landmarks, d.metro, d.schools, d.malls]) {
      for (const p of list) put(p, d.code, 'place', W.place);
    }
  }
  for (const a of data.ambiguous) m.set(normalize(a), { name: normalize(a), district: null, kind: 'ambiguous', weight: 0 });
  return m;
})();

const MAX_LEN = Math.max(...[...ENTRIES.keys()].map((k) => k.length));

/** Every place name of the gazetteer (normalised), for the segmentation lexicon. */
export const GAZETTEER_TERMS: readonly string[] = [...ENTRIES.keys()];

export interface PlaceMatch { name: string; district: string | null; kind: Kind; index: number; weight: number }

// Right after a place: a house number, building or unit makes the mention an address.
const ADDRESS_AFTER = /^.{0,6}?(\d+\s*(号|栋|座|巷|弄|楼|室|单元)|号|栋|路口|小区|花园|社区|村)/;

/** Gazetteer names found in the text, longest match first, left to right, never overlapping. */
export function findPlaces(text: string): PlaceMatch[] {
  const t = normalize(text);
  const out: PlaceMatch[] = [];
  for (let i = 0; i < t.length; ) {
    let hit: Entry | undefined;
    for (let len = Math.min(MAX_LEN, t.length - i); len >= 2 && !hit; len--) hit = ENTRIES.get(t.slice(i, i + len));
    if (!hit) { i++; continue; }
    let weight = hit.weight;
    if (hit.district && hit.kind !== 'district' && ADDRESS_AFTER.test(t.slice(i + hit.name.length, i + hit.name.length + 10))) {
      weight += W.addressBonus;
    }
    out.push({ name: hit.name, district: hit.district, kind: hit.kind, index: i, weight });
    i += hit.name.length;
  }
  return out;
}

/** Districts whose rough box holds the point, nearest box centre first. */
export function districtsAtPoint(p: LatLng): string[] {
  return DISTRICTS_DATA
    .filter((d) => p.lat >= d.bbox[0] && p.lat <= d.bbox[2] && p.lng >= d.bbox[1] && p.lng <= d.bbox[3])
    .map((d) => {
      const cy = (d.bbox[0] + d.bbox[2]) / 2, cx = (d.bbox[1] + d.bbox[3]) / 2;
      const dy = (p.lat - cy) / (d.bbox[2] - d.bbox[0]), dx = (p.lng - cx) / (d.bbox[3] - d.bbox[1]);
      return { code: d.code, dist: dx * dx + dy * dy };
    })
    .sort((a, b) => a.dist - b.dist)
    .map((d) => d.code);
}

/**
 * The district a letter is about. Scores each district by the weight of its mentions (so the
 * address-like one and the one named most win); a map point inside one box adds evidence (inside
 * overlapping boxes, more for the nearest centre). Even conflict or no evidence → district null.
 */
export function districtOf(text: string, point?: LatLng | null): DistrictGuess {
  const score = new Map<string, number>();
  const best = new Map<string, { name: string; weight: number }>();
  const add = (code: string, w: number, name: string) => {
    score.set(code, (score.get(code) ?? 0) + w);
    const b = best.get(code);
    if (!b || w > b.weight) best.set(code, { name, weight: w });
  };
  for (const m of findPlaces(text ?? '')) if (m.district) add(m.district, m.weight, m.name);
  if (point && Number.isFinite(point.lat) && Number.isFinite(point.lng)) {
    const inside = districtsAtPoint(point);
    inside.forEach((code, i) => add(code, i === 0 ? (inside.length === 1 ? W.point : W.point * 0.75) : W.point * 0.25, 'map point'));
  }
  const ranked = [...score.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return { district: null, evidence: null, confidence: 0 };
  const [top, s1] = ranked[0];
  // A lone weak mention ("光明的未来") is not evidence of 光明区.
  if (s1 < 1) return { district: null, evidence: null, confidence: 0 };
  const s2 = ranked[1]?.[1] ?? 0;
  // An even split (or nearly: less than half a short-name's worth apart) is a conflict, not a choice.
  if (s2 > 0 && s1 - s2 < 1) return { district: null, evidence: null, confidence: 0 };
  const confidence = (s1 / (s1 + s2)) * (1 - Math.exp(-s1 / 2));
  return { district: top, evidence: best.get(top)!.name, confidence: Math.round(confidence * 1000) / 1000 };
}
