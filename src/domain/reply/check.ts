// The reply check (答复质量检查): what an officer's feedback or closing report is worth to the
// writer who reads it, before it is sent, and again for the reviewer. Pure: the case's letter,
// writer, other people and the instants of the limit that applies come in; a score from 0 to 1
// and findings, each with a stable code and a Chinese sentence, come out. Advice only — sending
// never waits on it. Weights: ./weights.ts; patterns: ./patterns.ts.
import { normalize } from '../text/normalize.js';
import { relevance, type Relevance } from './relevance.js';
import { leaks, type Writer } from './leaks.js';
import {
  ACTION, ANSWER, BASIS, CLOSING, CURT, FOLLOW_UP, GREETING, NAMES_AUTHORITY, NEXT_STEP, NOT_OUR_JOB, PLACEHOLDER, RESULT, SELF_HELP,
} from './patterns.js';
import { CAPS, COMPLETENESS, LENGTH, PENALTIES, RELEVANCE, TONE, WEIGHTS, type Part } from './weights.js';

export type ReplyKind = 'feedback' | 'report';

export const FINDING_CODES = [
  'relevance.low', 'relevance.noSubject',
  'completeness.noAction', 'completeness.noResult', 'completeness.noBasis', 'completeness.noFollowUp',
  'timeliness.late',
  'tone.blameShift', 'tone.curt', 'tone.noCourtesy',
  'leak.personalData', 'leak.internal',
  'length.short', 'draft.placeholder',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding { code: FindingCode; message: string }

export interface ReplyCheckInput {
  content: string;
  kind: ReplyKind;
  /** The letter answered; `type` is its appeal type (consult: a consultation, answered rather than handled). */
  letter: { title: string; content: string; address?: string | null; type?: string | null };
  writer?: Writer;
  /** People of the case who are not the writer (writers of letters merged into it). */
  otherNames?: string[];
  /**
   * The limit this reply answers: the first-feedback limit for a feedback, the closing limit for
   * a report; `at` is when the reply is (or was) sent. Null: no running limit, nothing to judge.
   */
  timing?: { limit: 'firstFeedback' | 'close'; at: Date; dueAt: Date } | null;
}

export interface ReplyCheckResult {
  score: number;
  findings: Finding[];
  /** Each part from 0 to 1 (the bench and the tests look at them; the API sends score and findings). */
  parts: Record<Part, number>;
  relevance: Relevance;
}

const LIMIT_ZH = { firstFeedback: '首次反馈时限', close: '办结时限' } as const;

function lateBy(ms: number): string {
  const h = ms / 3600_000;
  if (h < 1) return `${Math.max(1, Math.round(ms / 60_000))}分钟`;
  if (h < 48) return `${Math.round(h)}小时`;
  return `${Math.round(h / 24)}天`;
}

/** Characters that carry meaning: letters and digits (Chinese characters included), no punctuation or spaces. */
const meaningful = (s: string) => (s.match(/[\p{L}\p{N}]/gu) ?? []).length;

export function checkReply(input: ReplyCheckInput): ReplyCheckResult {
  const kind = input.kind;
  const text = normalize(input.content);
  const findings: Finding[] = [];
  const add = (code: FindingCode, message: string) => findings.push({ code, message });

  // Length
  const chars = meaningful(text);
  if (chars < LENGTH.min[kind]) add('length.short', `答复过短（${chars}字），说不清办理情况，${kind === 'report' ? '办结报告' : '反馈'}建议不少于${LENGTH.min[kind]}字`);
  const lengthPart = Math.min(1, chars / LENGTH.good[kind]);

  // Relevance
  const rel = relevance(input.letter, input.content);
  if (rel.part < RELEVANCE.low) {
    const missing = rel.missing.slice(0, 4).map((w) => `“${w}”`).join('、');
    add('relevance.low', `答复与来信诉求关联度低，未回应来信的关键内容${missing ? `（如${missing}）` : ''}`);
  }
  if (rel.subjectNamed === false) {
    const place = rel.places[0];
    add('relevance.noSubject', place ? `答复未提及来信反映的地点或对象（如“${place}”），来信人难以确认是对其诉求的答复` : '答复未点明来信反映的具体事项，来信人难以确认是对其诉求的答复');
  }

  // Completeness
  const consult = kind === 'report' && input.letter.type === 'consult';
  const w = COMPLETENESS[consult ? 'consult' : kind];
  const has = {
    action: ACTION.test(text),
    result: RESULT.test(text) || (consult && ANSWER.test(text)),
    basis: BASIS.test(text),
    followUp: FOLLOW_UP.test(text) || (kind === 'feedback' && NEXT_STEP.test(text)),
  };
  if (w.action > 0 && !has.action) add('completeness.noAction', '未说明做了什么（如“经核查……”“已责令……”“民警到场……”）');
  if (w.result > 0 && !has.result) {
    add('completeness.noResult', consult ? '未明确答复所咨询的问题（能否办理、需要什么条件和材料、如何办理）' : '未说明办理结果（如“已解决”“经查属实/不属实”“已处罚”）');
  }
  if (w.basis > 0 && !has.basis) add('completeness.noBasis', '未说明处理依据（如“根据《……法》第……条”“按照……规定”）');
  if (!has.followUp) {
    add('completeness.noFollowUp', kind === 'feedback'
      ? '未说明下一步安排或如何跟进（如“将于……前答复”“如有疑问可拨打……”）'
      : '未告知后续渠道（如“如有疑问，可拨打……咨询”“我们将回访”）');
  }
  const completenessPart = (has.action ? w.action : 0) + (has.result ? w.result : 0) + (has.basis ? w.basis : 0) + (has.followUp ? w.followUp : 0);

  // Timeliness
  let timelinessPart = 1;
  const tm = input.timing;
  if (tm && tm.at.getTime() > tm.dueAt.getTime()) {
    timelinessPart = 0;
    add('timeliness.late', `${kind === 'report' ? '办结报告' : '反馈'}晚于${LIMIT_ZH[tm.limit]}（超时约${lateBy(tm.at.getTime() - tm.dueAt.getTime())}），建议在答复中致歉并说明原因`);
  }

  // Tone
  const selfHelp = SELF_HELP.exec(text);
  const notOurs = NOT_OUR_JOB.exec(text);
  const blame = selfHelp ?? (notOurs && !NAMES_AUTHORITY.test(text) ? notOurs : null);
  if (blame) {
    add('tone.blameShift', selfHelp
      ? `含推诿式用语“${selfHelp[0]}”：请说明本单位已做的工作，或告知具体的责任部门和办理渠道`
      : `称“${notOurs![0]}”却未说明由哪个部门负责、如何办理：请写明责任单位和联系方式，或说明已转办`);
  }
  const curt = CURT.exec(text);
  if (curt) add('tone.curt', `语气生硬（“${curt[0]}”），请改用耐心、尊重的表述`);
  const greeting = GREETING.test(text), closing = CLOSING.test(text);
  if (!greeting || !closing) {
    const missing = [!greeting && '问候语（如“您好”）', !closing && '致谢语（如“感谢您的理解与支持”）'].filter(Boolean).join('和');
    add('tone.noCourtesy', `缺少${missing}`);
  }
  const tonePart = (blame ? 0 : TONE.blameShift) + (curt ? 0 : TONE.curt) + TONE.courtesy * ((greeting ? 0.5 : 0) + (closing ? 0.5 : 0));

  // Leaks
  const leaked = leaks(input.content, `${input.letter.title}\n${input.letter.content}\n${input.letter.address ?? ''}`, input.writer, input.otherNames);
  for (const l of leaked) {
    if (l.code === 'leak.personalData') add('leak.personalData', `答复含有不应告知来信人的个人信息：${l.what}，请删除或以“某”代替`);
    else add('leak.internal', `答复含有内部工作内容（“${l.what}”），不应发给来信人`);
  }
  const leaksPart = leaked.length ? 0 : 1;

  // A template's placeholder left as it stands
  const placeholder = PLACEHOLDER.exec(input.content);
  if (placeholder) add('draft.placeholder', `含有未填写的模板占位内容“${placeholder[0]}”，请补全后再发送`);

  const parts: Record<Part, number> = {
    relevance: rel.part, completeness: completenessPart, tone: tonePart, timeliness: timelinessPart, leaks: leaksPart, length: lengthPart,
  };
  let score = (Object.keys(WEIGHTS) as Part[]).reduce((s, p) => s + WEIGHTS[p] * parts[p], 0);
  for (const f of findings) score -= PENALTIES[f.code] ?? 0;
  for (const f of findings) score = Math.min(score, CAPS[f.code] ?? 1);
  score = Math.round(Math.max(0, Math.min(1, score)) * 100) / 100;
  return { score, findings, parts, relevance: rel };
}
