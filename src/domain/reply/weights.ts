// Every number the reply check scores with, in one place (calibrated on the 2,816 real replies of
// ../shared/data/gov-messages/replies.jsonl with `npm run bench:replies`).
//
// score = Σ WEIGHTS[part] × part   (each part from 0 to 1, the weights add up to 1)
//         − PENALTIES of the findings that carry one
//         then capped by CAPS: a reply that leaks personal data or internal notes, or that is too
//         short to say anything, cannot score well however polite it is.
// Rounded to two decimals.
//
// The parts:
//   relevance     does it answer what the letter asked: RELEVANCE.keywordShare × the share of the
//                 letter's key words the reply uses (full at RELEVANCE.fullCoverage), plus
//                 RELEVANCE.subjectShare when it names the letter's place or subject
//   completeness  what was done, the result, the basis, how to follow up — COMPLETENESS per kind
//                 (an interim feedback owes no result or basis yet, it owes a next step; the report
//                 on a consultation owes the answer and its basis rather than an action)
//   tone          no blame-shifting, not curt, a greeting and a thank-you — TONE
//   timeliness    1 when sent within the limit that applies (or when none is known), else 0
//   leaks         1 when it holds no one else's personal data and no internal note, else 0
//   length        characters of content / LENGTH.good[kind], at most 1

export const WEIGHTS = {
  relevance: 0.25,
  completeness: 0.3,
  tone: 0.15,
  timeliness: 0.1,
  leaks: 0.1,
  length: 0.1,
} as const;
export type Part = keyof typeof WEIGHTS;

export const RELEVANCE = {
  /** How many of the letter's words count as its key words. */
  keywords: 12,
  /** Using this share of the key words (by weight) earns the full keyword share. */
  fullCoverage: 0.5,
  keywordShare: 0.7,
  subjectShare: 0.3,
  /** Below this relevance part, `relevance.low`. */
  low: 0.35,
} as const;

export const COMPLETENESS = {
  report: { action: 0.3, result: 0.3, basis: 0.2, followUp: 0.2 },
  /** A consultation (咨询) is answered, not handled: the answer is its result, the basis weighs more. */
  consult: { action: 0, result: 0.3, basis: 0.4, followUp: 0.3 },
  feedback: { action: 0.6, result: 0, basis: 0, followUp: 0.4 },
} as const;

export const TONE = { blameShift: 0.5, curt: 0.2, courtesy: 0.3 } as const;

export const LENGTH = {
  /** Fewer characters than this (letters and digits, no punctuation): `length.short`. */
  min: { feedback: 15, report: 40 },
  /** From this many on, the length part is full. */
  good: { feedback: 60, report: 150 },
} as const;

/** Subtracted from the score when the finding is there. */
export const PENALTIES: Partial<Record<string, number>> = {
  'draft.placeholder': 0.15,
};

/** The highest score a reply with this finding can get. */
export const CAPS: Partial<Record<string, number>> = {
  'leak.personalData': 0.5,
  'leak.internal': 0.5,
  'length.short': 0.3,
};
