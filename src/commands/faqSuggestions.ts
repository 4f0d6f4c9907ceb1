// FAQ suggestions (一问一答 from recurring letters): answered consultation letters grouped by the
// hot-issue grouping, each group of three or more that no published entry answers yet becomes a
// draft the administrator can adopt through POST /api/admin/faq.
import type { Deps } from './deps.js';
import { groupHotspots, type LetterForGrouping } from '../domain/hotspots.js';
import { draftFaq, type AnsweredLetter, type FaqDraft } from '../domain/faqSuggestions.js';
import { segment, charNgrams } from '../domain/text/lexicon.js';
import { searchFaq } from './similar.js';
import { vault } from '../store/vault.js';

/** The appeal type of consultations (咨询) in the organisation's appealTypes. */
const CONSULT = 'consult';
const MIN_SIZE = 3;
/** A published entry scoring this much on the draft's question already answers it. */
const COVERED = 0.5;
const MAX_LETTERS = 20_000;
const MAX_SUGGESTIONS = 50;

type Row = { id: number; title: string; content: string; category: string | null; received_at: Date; report_content: string; writer: string | null };

export async function faqSuggestions(deps: Deps, days: number): Promise<FaqDraft[]> {
  const now = deps.clock.now();
  // Answered: the unit's closing report passed the center's review (a report sent back is no answer).
  // Confidential letters never feed a public page.
  const r = await deps.store.query<Row>(
    `SELECT c.id, c.title, c.content, c.category, c.received_at, c.report_content, COALESCE(z.name, c.citizen_name) AS writer
       FROM cases c LEFT JOIN citizens z ON z.id = c.citizen_id
      WHERE c.type = $1 AND c.status IN ('reviewed', 'closed') AND c.report_content IS NOT NULL AND NOT c.confidential
        AND c.received_at >= $2 AND c.received_at <= $3
      ORDER BY c.received_at DESC LIMIT ${MAX_LETTERS}`,
    [CONSULT, new Date(now.getTime() - days * 86400_000), now]);
  if (r.rows.length < MIN_SIZE) return [];
  const byId = new Map(r.rows.map((c) => [Number(c.id), c]));
  // The same question is the same wherever it is asked: no district or place in the grouping.
  const letters: LetterForGrouping[] = r.rows.map((c) => ({
    id: Number(c.id), text: `${c.title} ${c.content}`, district: null, category: c.category, at: c.received_at, place: null,
  }));
  const groups = groupHotspots(letters, segment, { now, days, minSize: MIN_SIZE });
  const words = (t: string) => [...segment(t), ...charNgrams(t, [2])];
  const out: FaqDraft[] = [];
  for (const g of groups) {
    const members: AnsweredLetter[] = g.caseIds.map((id) => byId.get(id)!).map((c) => ({
      id: Number(c.id), title: c.title, content: c.content, answer: c.report_content, category: c.category, writer: vault().open('name', c.writer),
    }));
    const draft = draftFaq(members, words);
    const best = (await searchFaq(deps, draft.question))[0];
    if (best && best.score >= COVERED) continue;
    out.push(draft);
    if (out.length >= MAX_SUGGESTIONS) break;
  }
  return out.sort((a, b) => b.size - a.size || b.caseIds[b.caseIds.length - 1] - a.caseIds[a.caseIds.length - 1]);
}
