// A letter's fingerprint for finding similar letters among millions: the distinct words (two
// characters or more) and named places, each hashed to a 32-bit integer so that PostgreSQL can
// index them in one int[] column with GIN. Pure; the same function runs at intake and at lookup.
import { segment } from './lexicon.js';
import { findPlaces } from './gazetteer.js';

/** At most this many terms per letter: enough for recall, small enough for a cheap index entry. */
export const MAX_TERMS = 48;

/** FNV-1a over UTF-16 code units, folded to a signed int4 (PostgreSQL's int). */
export function termHash(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** The words that can tell one problem from another, places first (they are the most specific). */
export function fingerprintWords(text: string): string[] {
  const seen = new Set<string>();
  for (const p of findPlaces(text)) seen.add(p.name);
  for (const w of segment(text)) if ([...w].length >= 2) seen.add(w);
  return [...seen].slice(0, MAX_TERMS);
}

export function fingerprint(text: string): number[] {
  return [...new Set(fingerprintWords(text).map(termHash))];
}
