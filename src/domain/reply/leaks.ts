// What a reply must not carry: another person's personal data (mobiles, ID numbers, plates,
// e-mail addresses — the detectors of domain/text/redact.ts — and names), the writer's own full
// ID number, and internal notes. What the letter itself told us is no leak to its writer
// (the plate they complained about, their own phone); an official contact number after
// "联系电话/可拨打" is the follow-up channel, not someone's private number.
import { redact } from '../text/redact.js';
import { normalize } from '../text/normalize.js';
import { INTERNAL, ROLE_BEFORE_NAME, SURNAMES } from './patterns.js';

export type PersonalKind = 'mobile' | 'id' | 'plate' | 'email';
export interface PersonalMatch { kind: PersonalKind; value: string; index: number }

const LABELS: Record<string, PersonalKind> = { '[手机号]': 'mobile', '[身份证号]': 'id', '[车牌号]': 'plate', '[邮箱]': 'email' };
const LABEL_SPLIT = /(\[手机号\]|\[身份证号\]|\[车牌号\]|\[邮箱\])/;
/** The longest thing redact() replaces in one go (an e-mail address can be long; the rest are short). */
const MAX_MATCH = 120;

/**
 * The personal data redact() finds, with the values it replaced: redact() gives the text with
 * labels; walking its literal pieces against the original recovers each replaced span (the
 * shortest one that redact() itself turns into that label).
 */
export function personalData(text: string): PersonalMatch[] {
  const out = redact(text);
  if (out === text) return [];
  const parts = out.split(LABEL_SPLIT);
  if (!text.startsWith(parts[0])) return [];
  const found: PersonalMatch[] = [];
  let pos = parts[0].length;
  for (let i = 1; i < parts.length; i += 2) {
    const label = parts[i], next = parts[i + 1] ?? '';
    let end = -1;
    for (let k = pos + 1; k <= Math.min(text.length, pos + MAX_MATCH); k++) {
      if (text.startsWith(next, k) && redact(text.slice(pos, k)) === label) { end = k; break; }
    }
    if (end < 0) break;
    found.push({ kind: LABELS[label], value: text.slice(pos, end), index: pos });
    pos = end + next.length;
  }
  return found;
}

const digits = (s: string) => s.replace(/\D/g, '').replace(/^(?:0{0,2}86)(?=1[3-9]\d{9}$)/, '');
const bare = (s: string) => s.replace(/[\s·•.\-]/g, '').toLowerCase();
/** Right before an official contact: 联系电话：…, 可拨打…, 联系人王警官 13…, 邮箱：… */
const CONTACT_BEFORE = /(联系电话|咨询电话|服务电话|值班电话|办公电话|监督电话|热线|拨打|致电|联系方式|联系人|电子邮箱|邮箱|来电)[^。;；\n]{0,12}$/;

export interface Writer { name?: string | null; phone?: string | null; idNumber?: string | null }

export interface LeakFinding { code: 'leak.personalData' | 'leak.internal'; what: string }

const HONORIFIC = /([\u4e00-\u9fa5])(先生|女士|小姐)/g;
// The name ends at punctuation or at one of the words that follow a name in a report (已, 在, 于, 因, 系).
const ROLE_NAME = new RegExp(`(?:${ROLE_BEFORE_NAME})(?:姓名)?[:：为是]?([\\u4e00-\\u9fa5])([\\u4e00-\\u9fa5]{1,2})(?=[,，。、；;(（\\s]|$|已|因|于|在|系|涉嫌)`, 'g');
// Words that start like a surname after a role word and are no name: 业主单位, 物业主管部门, 经营者方面…
const NOT_A_NAME = new Set('单位 方面 方的 主管 管部 管理 房屋 房号 房产 和物 明确 经营 部门 全体 全部 全家 高度 要求 应当 应该 方式 关系 安全 时间 常年 车辆 成员 金额 万元 等人 齐全 同意 向其'.split(' '));

/**
 * Leaks of a reply. `letter` is the letter's text (what its writer already knows); `otherNames`
 * are people the case knows who are not the writer (writers of letters merged into it).
 */
export function leaks(reply: string, letter: string, writer: Writer = {}, otherNames: string[] = []): LeakFinding[] {
  const text = normalize(reply);
  const known = normalize(letter);
  const knownDigits = new Set((known.match(/\d[\d\s-]{6,}\d/g) ?? []).map(digits));
  const knownBare = bare(known);
  const out: LeakFinding[] = [];
  const what = new Set<string>();

  for (const m of personalData(text)) {
    const before = text.slice(Math.max(0, m.index - 20), m.index);
    switch (m.kind) {
      case 'id':
        if (writer.idNumber && bare(m.value) === bare(writer.idNumber)) what.add('来信人的完整身份证号');
        else what.add('他人的身份证号');
        break;
      case 'mobile': {
        const d = digits(m.value);
        if (knownDigits.has(d) || (writer.phone && digits(writer.phone) === d) || CONTACT_BEFORE.test(before)) break;
        what.add('他人的手机号');
        break;
      }
      case 'plate':
        if (!knownBare.includes(bare(m.value))) what.add('来信未提及的车牌号');
        break;
      case 'email':
        if (!known.includes(m.value) && !CONTACT_BEFORE.test(before)) what.add('他人的电子邮箱');
        break;
    }
  }

  // Names: people the case knows who are not the writer…
  const writerName = normalize(writer.name ?? '');
  for (const n of otherNames.map((x) => normalize(x ?? ''))) {
    if ([...n].length >= 2 && n !== writerName && text.includes(n)) what.add('其他来信人的姓名');
  }
  // …"李先生" when the writer is a 王 (only when the writer's name is known, and not in the letter) …
  const writerSurname = [...writerName][0];
  if (writerSurname) {
    for (const m of text.matchAll(HONORIFIC)) {
      const before = text.slice(Math.max(0, m.index! - 20), m.index!);
      if (!SURNAMES.has(m[1]) || m[1] === writerSurname || known.includes(m[0]) || CONTACT_BEFORE.test(before)) continue;
      what.add('他人的姓名');
    }
  }
  // …and "车主王建国已…": a full name after a role word (张某/王某某 is already anonymised).
  for (const m of text.matchAll(ROLE_NAME)) {
    const name = m[1] + m[2];
    if (!SURNAMES.has(m[1]) || m[2].startsWith('某') || NOT_A_NAME.has(name.slice(0, 2)) || /^(先生|女士|小姐|同志|警官)/.test(m[2]) || name === writerName || known.includes(name)) continue;
    what.add('他人的姓名');
  }
  if (what.size) out.push({ code: 'leak.personalData', what: [...what].join('、') });

  const internal = INTERNAL.exec(text);
  if (internal) out.push({ code: 'leak.internal', what: internal[0] });
  return out;
}
