// `npm run bench:replies`: the reply check (src/domain/reply/check.ts) over the 2,816 real
// government replies of ../shared/data/gov-messages/replies.jsonl (TipDM Cup 2020, problem C):
// how the scores spread (deciles, a histogram, the mean), how often each finding comes up, and
// the ten lowest- and ten highest-scoring replies with their reasons.
//
// Each reply is checked as a closing report against a closing limit of 15 working days from the
// message (weekends only: the data set's holidays are not loaded); a title that asks (咨询, 请问)
// makes the letter a consultation. The writers are anonymous user
// ids, so no writer name, phone or ID number is known: name leaks are not judged here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkReply, FINDING_CODES, type ReplyCheckResult } from '../src/domain/reply/check.js';
import { RELEVANCE, WEIGHTS, type Part } from '../src/domain/reply/weights.js';
import { relevance } from '../src/domain/reply/relevance.js';
import { addWorkingDays, emptyCalendar } from '../src/domain/calendar.js';

interface Row { id: number; user: string; title: string; time: string; content: string; reply: string; reply_time: string }

const here = path.dirname(fileURLToPath(import.meta.url));
const FILE = process.env.REPLIES_FILE ?? path.join(here, '../../shared/data/gov-messages/replies.jsonl');
const CLOSE_WORKING_DAYS = 15;
const CONSULT = /咨询|请问|问一下|能否|可否|是否可以|怎么办理|如何办理/;

/** "2019-04-25 09:32:09" in China time (the data set's times carry no zone). */
const chinaTime = (s: string) => new Date(`${s.trim().replace(' ', 'T')}+08:00`);
const oneLine = (s: string, n: number) => { const t = s.replace(/\s+/g, ' ').trim(); return [...t].length > n ? `${[...t].slice(0, n).join('')}…` : t; };
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function main() {
  const started = performance.now();
  const rows: Row[] = readFileSync(FILE, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const cal = emptyCalendar();
  const results: { row: Row; r: ReplyCheckResult }[] = [];
  for (const row of rows) {
    const received = chinaTime(row.time), sent = chinaTime(row.reply_time);
    const timing = Number.isNaN(received.getTime()) || Number.isNaN(sent.getTime()) ? null
      : { limit: 'close' as const, at: sent, dueAt: addWorkingDays(received, CLOSE_WORKING_DAYS, cal) };
    // The data set has no appeal types: a title that asks (咨询, 请问) marks a consultation.
    const type = CONSULT.test(row.title) ? 'consult' : null;
    results.push({ row, r: checkReply({ content: row.reply, kind: 'report', letter: { title: row.title, content: row.content, type }, timing }) });
  }
  const ms = performance.now() - started;
  const scores = results.map((x) => x.r.score).sort((a, b) => a - b);
  const q = (p: number) => scores[Math.min(scores.length - 1, Math.floor(p * scores.length))];
  const mean = scores.reduce((s, x) => s + x, 0) / scores.length;

  console.log(`# Reply check over ${rows.length} real replies (${path.basename(FILE)}), ${(ms / 1000).toFixed(1)} s, ${(ms / rows.length).toFixed(2)} ms per reply\n`);
  console.log(`mean ${mean.toFixed(3)} · median ${q(0.5).toFixed(2)} · min ${scores[0].toFixed(2)} · max ${scores[scores.length - 1].toFixed(2)}\n`);
  console.log('| decile | 10% | 20% | 30% | 40% | 50% | 60% | 70% | 80% | 90% |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  console.log(`| score | ${[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((p) => q(p).toFixed(2)).join(' | ')} |\n`);

  console.log('| score | replies | share | |');
  console.log('|---|---:|---:|---|');
  const bins = Array.from({ length: 10 }, () => 0);
  for (const s of scores) bins[Math.min(9, Math.floor(s * 10))]++;
  const most = Math.max(...bins);
  bins.forEach((n, i) => console.log(`| ${(i / 10).toFixed(1)}–${i === 9 ? '1.0' : ((i + 1) / 10).toFixed(1)} | ${n} | ${pct(n / scores.length)} | ${'█'.repeat(Math.round((n / most) * 30))} |`));

  console.log('\n| part (weight) | mean |');
  console.log('|---|---:|');
  for (const p of Object.keys(WEIGHTS) as Part[]) {
    console.log(`| ${p} (${WEIGHTS[p]}) | ${(results.reduce((s, x) => s + x.r.parts[p], 0) / results.length).toFixed(3)} |`);
  }

  console.log('\n| finding | replies | share |');
  console.log('|---|---:|---:|');
  for (const code of FINDING_CODES) {
    const n = results.filter((x) => x.r.findings.some((f) => f.code === code)).length;
    console.log(`| ${code} | ${n} | ${pct(n / results.length)} |`);
  }

  // Does relevance tell its own letter from another? Each reply against the letter 1,000 rows on
  // (a fixed derangement): the same measure should fall well below its own letter's.
  const shift = Math.min(1000, Math.floor(rows.length / 2));
  const other = rows.map((_, i) => relevance(rows[(i + shift) % rows.length], rows[i].reply));
  const ownMean = results.reduce((s, x) => s + x.r.parts.relevance, 0) / results.length;
  const otherMean = other.reduce((s, x) => s + x.part, 0) / other.length;
  const low = (p: number) => p < RELEVANCE.low;
  console.log('\n| relevance of each reply to | mean relevance part | mean key-word coverage | relevance.low |');
  console.log('|---|---:|---:|---:|');
  console.log(`| its own letter | ${ownMean.toFixed(3)} | ${(results.reduce((s, x) => s + x.r.relevance.coverage, 0) / results.length).toFixed(3)} | ${pct(results.filter((x) => low(x.r.parts.relevance)).length / results.length)} |`);
  console.log(`| another letter (row + ${shift}) | ${otherMean.toFixed(3)} | ${(other.reduce((s, x) => s + x.coverage, 0) / other.length).toFixed(3)} | ${pct(other.filter((x) => low(x.part)).length / other.length)} |`);

  // The extremes, one line per distinct reply text (the set repeats "网友：您好！留言已收悉" many times).
  const distinct = (list: typeof results) => {
    const seen = new Map<string, { x: (typeof results)[number]; n: number }>();
    for (const x of list) {
      const k = x.row.reply.trim();
      const s = seen.get(k);
      if (s) s.n++; else seen.set(k, { x, n: 1 });
    }
    return [...seen.values()];
  };
  const show = (title: string, list: ReturnType<typeof distinct>) => {
    console.log(`\n## ${title}\n`);
    for (const { x, n } of list.slice(0, 10)) {
      console.log(`- **${x.r.score.toFixed(2)}** #${x.row.id} 「${oneLine(x.row.title, 30)}」${n > 1 ? ` (×${n} identical replies)` : ''}`);
      console.log(`  reply: ${oneLine(x.row.reply, 90)}`);
      console.log(`  findings: ${x.r.findings.length ? x.r.findings.map((f) => f.code).join(', ') : '—'}`);
      for (const f of x.r.findings.slice(0, 3)) console.log(`    · ${oneLine(f.message, 70)}`);
    }
  };
  const byScore = [...results].sort((a, b) => a.r.score - b.r.score || a.row.id - b.row.id);
  show('Ten lowest-scoring replies', distinct(byScore));
  show('Ten highest-scoring replies', distinct([...byScore].reverse()));
}

main();
