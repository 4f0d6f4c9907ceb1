// DEMO_DATA=1: demo accounts and about four months of a living mailbox, so that a newcomer sees
// queues, timelines, late cases and figures at once. The cases are simulated action by action with
// the same rules as the commands (limits from the policy, the watcher's reminders and escalations,
// reopen on an unsatisfied callback …), then written in bulk in one transaction — going through
// the commands one by one would take minutes on the embedded store. A seeded generator makes the
// demo the same on every start; only "now" moves it.
import type { Deps } from '../commands/deps.js';
import type { Queryable } from './db.js';
import type { Catalog } from './catalog.js';
import { createUser } from '../commands/accounts.js';
import { dueFor } from '../commands/limits.js';
import { suggestRoute } from '../commands/intake.js';
import { districtFromText, routeUnit } from '../domain/organisation.js';
import { addWorkingDays, localDateString } from '../domain/calendar.js';
import { warnAtTime, type LimitKind, type Priority } from '../domain/timeLimits.js';
import type { CaseStatus } from '../domain/caseMachine.js';
import { phoneIndex, vault } from './vault.js';

export const DEMO_PASSWORD = 'Demo-2026!';
export const DEMO_UNITS = ['longhua-branch', 'nanshan-traffic', 'futian-branch', 'household', 'anti-fraud', 'inspection'];
const MARKER = 'demo_data';
const DEMO_LOCK = 72_201_503; // serialises two processes loading the demo into one database
const CASES = 600;
const DAYS = 120;
const LATE = 0.08;

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// ——— deterministic randomness (mulberry32) ———

class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  between(a: number, b: number) { return a + (b - a) * this.next(); }
  int(a: number, b: number) { return Math.floor(this.between(a, b + 1)); }
  chance(p: number) { return this.next() < p; }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]; }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    let x = this.next() * xs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of xs) if ((x -= w) < 0) return v;
    return xs[xs.length - 1][0];
  }
}

// ——— the simulated case ———

interface Who { kind: 'staff' | 'citizen' | 'system'; id: number | null; label: string; username?: string }
interface Lim { kind: LimitKind; round: number; start: number; due: number; warn: number; done: number | null; warned: number | null; breached: number | null }
interface Ev { at: number; who: Who; action: string; note: string | null; data: Record<string, unknown> | null; ref?: { idx: number; as: 'into' | 'from' } }
interface NoticeRow { at: number; kind: string; limit: LimitKind; unit: string; role: string | null; text: string; readAt: number | null }

interface Writer { citizenId: number | null; name: string; phone: string }

interface Spec {
  received: number;
  tpl: Template;
  story?: Story;
  district: string | null;
  mergeInto?: number; // index of an earlier case this duplicate is merged into, if still open by then
  /** A hotline letter without a category, waiting in the center's triage queue. */
  triage?: boolean;
}

const CUTOFF = Symbol('cutoff');
const OUTCOME_ZH: Record<string, string> = { resolved: '已解决', partially_resolved: '部分解决', explained: '已解释说明', unresolvable: '无法解决' };
const LIMIT_ZH: Record<string, string> = { sign: '签收', contact: '联系来信人', firstFeedback: '首次反馈', close: '办结', callback: '回访' };

interface World {
  rng: Rng;
  catalog: Catalog;
  end: number;
  dispatcher: Who;
  reviewer: Who;
  officers: Map<string, Who>;
  cases: Sim[];
}

class Sim {
  status: CaseStatus = 'received';
  unit: string | null = null;
  co: string[] = [];
  category: string | null;
  confidential: boolean;
  at: Partial<Record<'dispatched' | 'signed' | 'contacted' | 'reported' | 'reviewed' | 'closed', number>> = {};
  outcome: string | null = null;
  reportContent: string | null = null;
  extension: { days: number; reason: string; requestedBy: string; at: string } | null = null;
  returns = 0;
  reopens = 0;
  evalReached: boolean | null = null;
  evalResolved: boolean | null = null;
  evalSatisfaction: string | null = null;
  evalAt: number | null = null;
  consent = false;
  mergedInto: number | null = null;
  limits = new Map<LimitKind, Lim>();
  events: Ev[] = [];
  notices: NoticeRow[] = [];
  thanks: { at: number; content: string }[] = [];
  /** Who handled the case when: a notice goes to the unit of that moment. */
  unitLog: { at: number; unit: string | null }[] = [];
  last: number;

  constructor(
    readonly idx: number,
    readonly number: string,
    readonly spec: Spec,
    readonly w: World,
    readonly channel: string,
    readonly writer: Writer,
    readonly type: string,
    category: string | null,
    readonly title: string,
    readonly content: string,
    readonly address: string | null,
    readonly district: string | null,
    readonly priority: Priority,
    readonly externalId: string | null,
    readonly location: { lat: number; lng: number } | null,
    readonly ctx: Record<string, string>,
  ) {
    this.category = category;
    this.confidential = channel === '12389' || !!(category && w.catalog.categories.get(category)?.confidential);
    this.last = spec.received;
    this.unitLog.push({ at: spec.received, unit: null });
  }

  get received() { return this.spec.received; }
  get rng() { return this.w.rng; }

  /** The time of the next action: never before the last one, and never after now. */
  when(t: number): number {
    const at = Math.max(Math.round(t), this.last + 20_000);
    if (at > this.w.end) throw CUTOFF;
    this.last = at;
    return at;
  }

  unitName(code: string | null) { return (code && this.w.catalog.units.get(code)?.name) || code || ''; }
  officer(unit = this.unit): Who {
    return this.w.officers.get(unit ?? '') ?? { kind: 'staff', id: null, label: `${this.unitName(unit)}民警` };
  }
  writerActor(): Who {
    return this.writer.citizenId !== null
      ? { kind: 'citizen', id: this.writer.citizenId, label: '来信人' }
      : { kind: 'system', id: null, label: this.w.catalog.channels.get(this.channel)?.name ?? this.channel };
  }
  event(at: number, who: Who, action: string, note: string | null = null, data: Record<string, unknown> | null = null) {
    this.events.push({ at, who, action, note, data });
  }

  // ——— limits, as commands/limits.ts and store/cases.ts keep them ———

  startLimits(kinds: LimitKind[], at: number) {
    for (const kind of kinds) {
      const old = this.limits.get(kind);
      if (old) this.watch(old, at);
      const { due, warn } = dueFor(this.w.catalog, { category: this.category, channel: this.channel, priority: this.priority }, kind, new Date(at));
      this.limits.set(kind, { kind, round: (old?.round ?? 0) + 1, start: at, due: due.getTime(), warn: warn.getTime(), done: null, warned: null, breached: null });
    }
  }
  complete(kind: LimitKind, at: number) {
    const l = this.limits.get(kind);
    if (!l || l.done !== null) return;
    this.watch(l, at);
    l.done = at;
  }
  /** What the time-limit watcher would have done to a running limit until `until`: one reminder, one escalation. */
  watch(l: Lim, until: number) {
    if (l.done !== null) return;
    const tick = (t: number) => t + Math.round(this.rng.between(200, 1200));
    const what = LIMIT_ZH[l.kind];
    const monitor: Who = { kind: 'system', id: null, label: '时限监控' };
    const read = (at: number) => (this.rng.chance(0.85) && at + 2 * HOUR < this.w.end ? at + Math.round(this.rng.between(5 * MIN, 2 * HOUR)) : null);
    if (l.warned === null && tick(l.warn) <= until) {
      const at = tick(l.warn);
      const text = `【催办】案件${this.number}的“${what}”时限即将到期`;
      l.warned = at;
      this.event(at, monitor, 'sla_warning', text, { limit: l.kind, due: new Date(l.due).toISOString() });
      this.notices.push({ at, kind: 'reminder', limit: l.kind, unit: this.unitAt(at) ?? 'center', role: null, text, readAt: read(at) });
    }
    if (l.breached === null && tick(l.due) <= until) {
      const at = tick(l.due);
      const text = `【督办】案件${this.number}的“${what}”已超时`;
      l.breached = at;
      l.warned ??= at;
      this.event(at, monitor, 'sla_breached', text, { limit: l.kind, due: new Date(l.due).toISOString() });
      this.notices.push({ at, kind: 'escalation', limit: l.kind, unit: this.unitAt(at) ?? 'center', role: 'unit_leader', text, readAt: read(at) });
      this.notices.push({ at, kind: 'supervision', limit: l.kind, unit: 'center', role: 'dispatcher', text, readAt: read(at) });
    }
  }
  unitAt(t: number): string | null {
    let u: string | null = null;
    for (const x of this.unitLog) if (x.at <= t) u = x.unit;
    return u;
  }
  /** A time inside a limit: mostly before its warning, now and then late (past due). */
  within(kind: LimitKind, after: number, late = this.rng.chance(LATE)): number {
    const l = this.limits.get(kind)!;
    const span = l.due - l.start;
    if (late) return l.due + span * this.rng.between(0.05, 0.6) + MIN;
    const frac = this.rng.chance(0.88) ? this.rng.between(0.15, 0.75) : this.rng.between(0.8, 0.97);
    return Math.max(after + MIN, l.start + frac * span);
  }

  // ——— the actions of commands/handling.ts and citizenLetters.ts, in memory ———

  dispatch(at: number, unit: string, co: string[] = [], note: string | null = null) {
    const category = this.category ?? this.spec.tpl.category;
    this.category = category;
    this.confidential ||= !!this.w.catalog.categories.get(category)?.confidential;
    this.status = 'dispatched';
    this.unit = unit;
    this.co = co;
    this.at.dispatched = at;
    this.unitLog.push({ at, unit });
    // A returned case dispatched again gives the new unit its own time to sign.
    if (this.limits.get('sign')?.done != null) this.startLimits(['sign'], at);
    this.event(at, this.w.dispatcher, 'dispatched', note, { unitCode: unit, unitName: this.unitName(unit), coUnitCodes: co, category });
  }
  sign(at: number) {
    this.status = 'signed';
    this.at.signed = at;
    this.complete('sign', at);
    this.event(at, this.officer(), 'signed', null, { unitCode: this.unit, unitName: this.unitName(this.unit) });
  }
  contact(at: number, method: string, outcome: 'reached' | 'unreachable', note: string) {
    if (outcome === 'reached') {
      this.at.contacted ??= at;
      this.complete('contact', at);
    }
    this.event(at, this.officer(), 'contacted', note, { method, outcome });
  }
  feedback(at: number, content: string, unit = this.unit) {
    this.complete('firstFeedback', at);
    this.event(at, this.officer(unit), 'feedback', null, { content, unitName: this.unitName(unit) });
  }
  returnCase(at: number, reason: string) {
    this.event(at, this.officer(), 'returned', reason, { reason, unitCode: this.unit, unitName: this.unitName(this.unit) });
    this.status = 'received';
    this.unit = null;
    this.co = [];
    this.returns++;
    this.extension = null;
    this.unitLog.push({ at, unit: null });
  }
  requestExtension(at: number, days: number, reason: string) {
    this.extension = { days, reason, requestedBy: this.officer().username ?? '', at: new Date(at).toISOString() };
    this.event(at, this.officer(), 'extension_requested', reason, { days });
  }
  approveExtension(at: number) {
    const l = this.limits.get('close')!;
    const days = this.extension!.days;
    this.watch(l, at);
    l.due = addWorkingDays(new Date(l.due), days, this.w.catalog.calendar).getTime();
    l.warn = warnAtTime(new Date(l.start), new Date(l.due), this.w.catalog.timeLimits).getTime();
    l.warned = null;
    this.extension = null;
    this.event(at, this.w.dispatcher, 'extension_approved', null, { days, closeDue: new Date(l.due).toISOString() });
  }
  report(at: number, outcome: Outcome, content: string) {
    this.status = 'reported';
    this.at.reported = at;
    this.outcome = outcome;
    this.reportContent = content;
    this.complete('firstFeedback', at);
    this.complete('close', at);
    this.event(at, this.officer(), 'reported', null, { outcome, outcomeName: OUTCOME_ZH[outcome], content });
  }
  review(at: number, approve: boolean, note: string | null) {
    if (approve) {
      this.status = 'reviewed';
      this.at.reviewed = at;
      this.startLimits(['callback'], at);
      this.event(at, this.w.reviewer, 'review_approved', note);
    } else {
      this.event(at, this.w.reviewer, 'review_rejected', note);
      this.reopen(at, this.w.reviewer, note || '审核未通过，退回重办');
    }
  }
  reopen(at: number, who: Who, why: string) {
    const round = this.reopens + 2;
    this.status = 'signed';
    this.reopens++;
    delete this.at.reported;
    delete this.at.reviewed;
    delete this.at.closed;
    this.limits.delete('callback');
    this.startLimits(['firstFeedback', 'close'], at);
    this.event(at, who, 'reopened', why, { round });
  }
  /** Returns true when the case is closed, false when the writer's "unsatisfied" reopened it. */
  callback(at: number, reached: boolean, resolved: boolean | null, satisfaction: string | null, note: string): boolean {
    this.complete('callback', at);
    if (reached) {
      this.evalReached = true;
      this.evalResolved = resolved;
      this.evalSatisfaction = satisfaction;
      this.evalAt = at;
    } else {
      this.evalReached ??= false;
    }
    this.event(at, this.w.reviewer, 'callback', note, { reached, resolved: reached ? resolved : null, satisfaction: reached ? satisfaction : null });
    if (reached && satisfaction === 'unsatisfied') {
      this.reopen(at, this.w.reviewer, '回访不满意，重新办理');
      return false;
    }
    this.status = 'closed';
    this.at.closed = at;
    this.event(at, this.w.reviewer, 'closed');
    return true;
  }
  rate(at: number, resolved: boolean, satisfaction: string, comment: string | null, consent: boolean) {
    this.evalReached = true;
    this.evalResolved = resolved;
    this.evalSatisfaction = satisfaction;
    this.evalAt = at;
    this.consent = consent;
    this.event(at, this.writerActor(), 'rated', comment, { resolved, satisfaction, consentToPublish: consent });
  }
  thank(at: number, content: string) {
    this.thanks.push({ at, content });
    this.event(at, this.writerActor(), 'thanks', null, { content });
  }
  merge(at: number, into: Sim) {
    for (const l of [...this.limits.values()]) {
      if (l.done !== null) continue;
      this.watch(l, at);
      this.limits.delete(l.kind);
    }
    this.status = 'merged';
    this.mergedInto = into.idx;
    this.extension = null;
    this.events.push({ at, who: this.w.dispatcher, action: 'merged', note: null, data: null, ref: { idx: into.idx, as: 'into' } });
    into.events.push({ at, who: this.w.dispatcher, action: 'merged_in', note: null, data: null, ref: { idx: this.idx, as: 'from' } });
  }

  fill(s: string) { return s.replace(/\{(\w+)\}/g, (m, k: string) => this.ctx[k] ?? m); }
}

// ——— one case's life ———

const SATISFACTION: Record<Outcome, readonly (readonly [string, number])[]> = {
  resolved: [['satisfied', 74], ['basically_satisfied', 16], ['unsatisfied', 4], ['unreached', 6]],
  partially_resolved: [['satisfied', 28], ['basically_satisfied', 46], ['unsatisfied', 16], ['unreached', 10]],
  explained: [['satisfied', 50], ['basically_satisfied', 34], ['unsatisfied', 7], ['unreached', 9]],
  unresolvable: [['satisfied', 12], ['basically_satisfied', 44], ['unsatisfied', 32], ['unreached', 12]],
};
const RESOLVED_SHARE: Record<Outcome, number> = { resolved: 0.96, partially_resolved: 0.45, explained: 0.85, unresolvable: 0.1 };
const CALLBACK_NOTES: Record<string, string[]> = {
  satisfied: ['来信人表示问题已解决，对办理结果满意', '来信人对民警的办事效率表示满意', '来信人表示满意，感谢民警及时处理'],
  basically_satisfied: ['来信人表示基本满意，希望持续关注', '来信人认可处理结果，但希望办理再快一些', '来信人表示基本满意'],
  unsatisfied: ['来信人表示问题仍未解决，不满意', '来信人认为处理流于形式，要求重新办理'],
  unreached: ['三次电话均未接通，按规定归档', '来信人电话关机，已短信告知办理结果'],
};
const CONTACT_NOTES = ['已电话联系来信人，详细了解诉求并告知办理流程', '已与来信人电话沟通，约定现场查看时间', '已联系来信人，来信人补充了具体位置和时间', '已电话联系来信人，告知已受理并将尽快处理'];
const RETURN_REASONS = ['属地不符：事发地不在本单位辖区，请中心重新派单', '权属不清：该事项不属于本单位职责范围', '职能交叉：涉及其他警种职责，请中心协调派单'];
const EXTENSION_REASONS = ['案情复杂，需多部门联合处置', '需调取外省协查资料', '涉及多个部门职责，需协调处理', '需等待鉴定结果'];
const REJECT_NOTES = ['办结报告未说明整改措施，退回重办', '办结报告与来信诉求不符，请补充核实', '未见与来信人沟通记录，退回重办'];

function live(c: Sim) {
  try {
    if (c.spec.story) c.spec.story.script(c);
    else lifecycle(c);
  } catch (e) {
    if (e !== CUTOFF) throw e;
  }
  for (const l of c.limits.values()) c.watch(l, c.w.end);
}

function lifecycle(c: Sim) {
  const { rng, catalog } = c.w;
  const tpl = c.spec.tpl;
  const signL = c.limits.get('sign')!;
  const signSpan = signL.due - signL.start;

  // 派: a duplicate of a letter still being handled is merged into it instead (并案).
  if (c.spec.mergeInto !== undefined) {
    const into = c.w.cases[c.spec.mergeInto];
    const at = c.received + rng.between(0.2, 0.7) * signSpan;
    const intoOpen = into.status !== 'merged' && (into.at.closed === undefined || into.at.closed > at) && into.received < at;
    if (intoOpen) {
      c.merge(c.when(at), into);
      return;
    }
  }
  const correct = tpl.route ? tpl.route(c.district) : routeUnit(catalog.categories.get(tpl.category)!.routeTo, c.district);
  if (!correct) return;
  const lateDispatch = rng.chance(0.03);
  const triage = c.category === null;
  const dispatchAt = c.received + signSpan * (lateDispatch ? rng.between(1.1, 3) : triage ? rng.between(0.3, 0.6) : rng.between(0.05, 0.3));
  // 退单: now and then the first unit is the wrong district's.
  const wrong = c.district && correct.startsWith(c.district) && rng.chance(0.045)
    ? correct.replace(c.district, rng.pick(catalog.districts.filter((d) => d.code !== c.district)).code) : null;
  const co = tpl.coUnit && rng.chance(0.35) && c.district ? [tpl.coUnit.replace('{district}', c.district)].filter((u) => u !== correct && catalog.units.has(u)) : [];
  c.dispatch(c.when(dispatchAt), wrong ?? correct, wrong ? [] : co, triage ? `经研判，转${c.unitName(wrong ?? correct)}办理` : null);
  // A unit that got the case late is not late twice: one breach per case is enough to show.
  c.sign(c.when(c.within('sign', c.last, !lateDispatch && rng.chance(0.06))));
  if (wrong) {
    c.returnCase(c.when(c.last + rng.between(5, 40) * MIN), rng.pick(RETURN_REASONS.slice(0, 1)));
    c.dispatch(c.when(c.last + rng.between(3, 20) * MIN), correct, co, `原派${c.unitName(wrong)}属地不符，改派${c.unitName(correct)}`);
    c.sign(c.when(c.within('sign', c.last, rng.chance(LATE))));
  }

  // 办: contact the writer (sometimes a second try), feed back, maybe ask for more time, report.
  const contactLate = rng.chance(LATE);
  if (!contactLate && rng.chance(0.1)) {
    c.contact(c.when(c.last + rng.between(2, 6) * MIN), 'phone', 'unreachable', '电话无人接听，已发送短信告知');
  }
  c.contact(c.when(c.within('contact', c.last, contactLate)), rng.weighted([['phone', 90], ['visit', 6], ['sms', 4]] as const), 'reached', rng.pick(CONTACT_NOTES));

  for (let round = 1; ; round++) {
    const close = c.limits.get('close')!;
    const ff = c.limits.get('firstFeedback')!;
    const quick = tpl.quick;
    const reportLate = rng.chance(LATE);
    let reportAt = reportLate
      ? close.due + rng.between(3 * HOUR, 4 * DAY)
      : close.start + (close.due - close.start) * (quick ? rng.between(0.02, 0.15) : rng.between(0.12, 0.85));
    // Most writers hear from the unit before the report; a quick answer is its own first feedback.
    if (reportAt > ff.due - 6 * HOUR || rng.chance(0.45)) {
      const fb = c.within('firstFeedback', c.last);
      if (fb < reportAt - HOUR) c.feedback(c.when(fb), `${round > 1 ? '已根据回访意见重新办理。' : ''}${c.fill(rng.pick(tpl.feedback))}`);
    }
    if (round === 1 && (tpl.extension ?? 0.03) > rng.next() && !reportLate) {
      c.requestExtension(c.when(close.start + (close.due - close.start) * rng.between(0.4, 0.7)), rng.pick([5, 10, 15]), rng.pick(EXTENSION_REASONS));
      c.approveExtension(c.when(c.last + rng.between(2, 20) * HOUR));
      reportAt = close.due - (close.due - c.last) * rng.between(0.1, 0.6);
    }
    const [outcome, text] = rng.weighted(tpl.reports.map(([o, t, w]) => [[o, t] as const, w] as const));
    c.report(c.when(reportAt), outcome, c.fill(text));

    // 评: the center reviews, then calls the writer back.
    c.review(c.when(c.last + rng.between(0.5, 20) * HOUR), !(round === 1 && rng.chance(0.03)), null);
    if (c.status === 'signed') {
      c.feedback(c.when(c.last + rng.between(4, 30) * HOUR), `已按审核意见重新核查办理。${c.fill(rng.pick(tpl.feedback))}`);
      continue;
    }
    const cb = c.limits.get('callback')!;
    const callbackAt = rng.chance(LATE) ? cb.due + rng.between(HOUR, DAY) : cb.start + (cb.due - cb.start) * rng.between(0.05, 0.7);
    let verdict = rng.weighted(round === 1 ? SATISFACTION[outcome] : [['satisfied', 45], ['basically_satisfied', 47], ['unsatisfied', round === 2 ? 4 : 0], ['unreached', 4]]);
    const reached = verdict !== 'unreached';
    const resolved = verdict === 'unsatisfied' ? rng.chance(0.1) : rng.chance(RESOLVED_SHARE[outcome]);
    if (!c.callback(c.when(callbackAt), reached, reached ? resolved : null, reached ? verdict : null, rng.pick(CALLBACK_NOTES[verdict]))) {
      continue;
    }
    verdict = verdict === 'unreached' ? 'satisfied' : verdict;
    // A verified writer may still rate the closed case, sometimes less kindly than on the phone.
    if (c.writer.citizenId !== null && rng.chance(0.12)) {
      const unhappy = rng.chance(0.5);
      c.rate(c.when(c.last + rng.between(2, 72) * HOUR), !unhappy && resolved, unhappy ? 'unsatisfied' : verdict,
        unhappy ? '问题反复出现，希望彻底解决' : '处理及时，谢谢', !unhappy && rng.chance(0.5));
    }
    // Thank-you letters come through the writer's own page, so only from verified writers.
    if (c.writer.citizenId !== null && verdict === 'satisfied' && rng.chance(0.12)) {
      c.thank(c.when(c.last + rng.between(3, 96) * HOUR), c.fill(rng.pick(THANKS)));
    }
    return;
  }
}

// ——— building the world ———

/** GB 11643: 17 digits and their check digit. */
export function withCheckDigit(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * w[i];
  return body17 + '10X98765432'[sum % 11];
}

const DISTRICT_WEIGHTS: [string, number][] = [
  ['longhua', 20], ['nanshan', 18], ['futian', 15], ['baoan', 14], ['longgang', 14], ['luohu', 8], ['guangming', 4], ['pingshan', 3], ['yantian', 2], ['dapeng', 2],
];
const CENTERS: Record<string, [number, number]> = {
  futian: [22.541, 114.055], luohu: [22.548, 114.131], nanshan: [22.533, 113.93], yantian: [22.557, 114.236], baoan: [22.555, 113.883],
  longgang: [22.72, 114.247], longhua: [22.697, 114.045], pingshan: [22.708, 114.346], guangming: [22.749, 113.936], dapeng: [22.593, 114.478],
};
const CITIZEN_CHANNELS = new Set(['mailbox_web', 'wechat', 'weibo']);

function externalId(rng: Rng, channel: string, at: number): string | null {
  const d = localDateString(new Date(at)).replaceAll('-', '');
  switch (channel) {
    case '12345': return `GD${d}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
    case '110': return `110-${d}-${String(rng.int(0, 9999)).padStart(4, '0')}`;
    case '12389': return `JB12389-${d}-${String(rng.int(0, 999)).padStart(3, '0')}`;
    case 'petition': return `XF${d.slice(0, 4)}${String(rng.int(0, 99_999)).padStart(5, '0')}`;
    case 'open311': return String(rng.int(100_000, 999_999));
    default: return null;
  }
}

const localMidnight = (t: number) => Date.parse(`${localDateString(new Date(t))}T00:00:00+08:00`);

/** A received time: more letters by day than by night, slightly more in recent weeks. */
function receivedTime(rng: Rng, end: number): number {
  const dayAgo = DAYS * Math.pow(rng.next(), 1.15);
  const hour = rng.weighted([[0, 1], [2, 0.5], [6, 1.5], [8, 5], [10, 6], [12, 4], [14, 6], [16, 5], [18, 4], [20, 5], [22, 3]] as const);
  // Snap to the local day, then add the hour of day, so the hour mix is in +08:00 time.
  const t = localMidnight(end - Math.ceil(dayAgo) * DAY) + (hour + rng.between(0, 2)) * HOUR;
  return Math.min(t, end - 3 * HOUR);
}

function makeSpecs(rng: Rng, end: number): Spec[] {
  const specs: Spec[] = [];
  const weighted = TEMPLATES.map((t) => [t, t.weight] as const);
  const district = () => rng.weighted(DISTRICT_WEIGHTS);
  // The two letters of the newspaper story, and two neighbours' duplicates of the parking one.
  for (const s of STORIES) specs.push({ received: localMidnight(end - s.daysAgo * DAY) + s.hour * HOUR, tpl: s.tpl, story: s, district: s.district });
  const likang = specs.findIndex((s) => s.story?.key === 'likang');
  for (const days of [3, 6]) {
    specs.push({ received: specs[likang].received + days * DAY + 2 * HOUR, tpl: LIKANG_DUPLICATE, district: 'nanshan', mergeInto: likang });
  }
  // The last hours: letters at every early stage, one still waiting in triage.
  for (const minutesAgo of [2, 6, 11, 19, 33, 52, 80, 140, 220]) {
    specs.push({ received: end - minutesAgo * MIN, tpl: rng.weighted(weighted), district: district(), triage: minutesAgo < 5 });
  }
  while (specs.length < CASES - 8) {
    specs.push({ received: receivedTime(rng, end), tpl: rng.weighted(weighted), district: district() });
  }
  // Hot issues repeat: a few later letters about the same place, merged into the first one.
  const hot = specs.map((s, i) => [s, i] as const).filter(([s]) => s.tpl.hot && !s.story && s.received < end - 10 * DAY);
  for (let k = 0; k < 8 && hot.length; k++) {
    const [s, i] = rng.pick(hot);
    specs.push({ received: s.received + rng.between(1, 5) * DAY, tpl: s.tpl, district: s.district, mergeInto: i });
  }
  // Indexes of merge targets must survive the sort: carry them as references.
  const order = specs.map((s, i) => ({ s, i })).sort((a, b) => a.s.received - b.s.received);
  const newIndex = new Map(order.map((o, k) => [o.i, k]));
  return order.map(({ s }) => (s.mergeInto === undefined ? s : { ...s, mergeInto: newIndex.get(s.mergeInto)! }));
}

function makeCase(w: World, idx: number, number: string, spec: Spec, writers: { id: number; name: string; phone: string }[]): Sim {
  const { rng, catalog } = w;
  const tpl = spec.tpl;
  const dist = spec.district ?? 'futian';
  const place = PLACES[dist];
  const dname = catalog.districts.find((d) => d.code === dist)?.name ?? '';
  const road = rng.pick(place.roads);
  const community = rng.pick(place.communities);
  const at = new Date(spec.received - rng.int(2, 25) * DAY + 8 * HOUR);
  const ctx: Record<string, string> = {
    dname, road, road2: rng.pick(place.roads.filter((r) => r !== road)), community,
    addr: `深圳市${dname}${road}${rng.int(1, 399)}号${community}`,
    date: `${at.getUTCMonth() + 1}月${at.getUTCDate()}日`,
    n: String(rng.int(2, 6)), amount: String(rng.pick([3800, 6500, 12_000, 28_600, 49_800, 86_000])),
    plate: `${rng.pick(['A', 'B', 'D', 'F', 'K'])}${rng.int(10_000, 99_999)}`.slice(0, 6),
    rel: rng.pick(['哥哥', '弟弟', '姐姐', '妹妹']), year: String(rng.int(1988, 2004)), hometown: rng.pick(['四川达州', '湖南邵阳', '广西玉林', '贵州毕节', '河南周口']),
    unitName: '', ...spec.story?.ctx,
  };
  const channel = spec.story?.channel ?? (spec.triage ? '12345' : null) ?? rng.weighted(tpl.channels ?? [['mailbox_web', 40], ['wechat', 28], ['weibo', 6], ['12345', 14], ['110', 6], ['petition', 2]]);
  const person = spec.story ? writers.find((x) => x.name === spec.story!.writer)! : rng.pick(writers);
  const writer: Writer = { citizenId: CITIZEN_CHANNELS.has(channel) ? person.id : null, name: person.name, phone: person.phone };
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (m, k: string) => ctx[k] ?? m);
  const title = fill(spec.story?.title ?? rng.pick(tpl.titles));
  const content = fill(spec.story?.content ?? rng.pick(tpl.contents));
  // City-wide matters often come without an address; a place-bound one always has one.
  const address = spec.story?.address ?? (tpl.placeBound || rng.chance(0.6) ? ctx.addr : null);
  const district = districtFromText(`${address ?? ''} ${title} ${content}`, catalog.districts);
  // Letters typed in by hotlines often come without a category: the center triages them.
  const category = spec.triage || (!CITIZEN_CHANNELS.has(channel) && !spec.story && rng.chance(0.4)) ? null : tpl.category;
  const priority: Priority = spec.story ? 'normal' : tpl.urgent && rng.chance(0.7) ? 'urgent' : rng.weighted([['normal', 95], ['urgent', 4], ['critical', 1]] as const);
  const location = address && CITIZEN_CHANNELS.has(channel) && rng.chance(0.6) && district
    ? { lat: Math.round((CENTERS[district][0] + rng.between(-0.02, 0.02)) * 1e6) / 1e6, lng: Math.round((CENTERS[district][1] + rng.between(-0.02, 0.02)) * 1e6) / 1e6 }
    : null;
  const c = new Sim(idx, number, spec, w, channel, writer, tpl.types[rng.int(0, tpl.types.length - 1)], category, title, content, address, district,
    priority, externalId(rng, channel, spec.received), location, ctx);
  c.event(spec.received, c.writerActor(), 'received', null, { channel, suggestion: suggestRoute(catalog, category, district) });
  c.startLimits(['sign', 'contact', 'firstFeedback', 'close'], spec.received);
  return c;
}

// ——— writing it all ———

/** Multi-row INSERTs, chunked under PostgreSQL's 65,535 parameters. */
async function insertRows(tx: Queryable, table: string, columns: string[], rows: unknown[][], tail = ''): Promise<any[]> {
  const out: any[] = [];
  const per = Math.max(1, Math.floor(30_000 / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const values: unknown[] = [];
    const tuples = chunk.map((r) => `(${r.map((v) => { values.push(v); return `$${values.length}`; }).join(', ')})`);
    const r = await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${tail}`, values);
    out.push(...r.rows);
  }
  return out;
}

const d = (t: number | null | undefined) => (t == null ? null : new Date(t));

async function createDemoUsers(deps: Deps, catalog: Catalog): Promise<Map<string, Who>> {
  const people: { username: string; displayName: string; unitCode: string; roles: string[] }[] = [
    { username: 'dispatcher', displayName: '张调度', unitCode: 'center', roles: ['dispatcher'] },
    { username: 'reviewer', displayName: '李审核', unitCode: 'center', roles: ['reviewer'] },
    { username: 'viewer', displayName: '王主任', unitCode: 'center', roles: ['viewer'] },
  ];
  const names: Record<string, [string, string]> = {
    'longhua-branch': ['邱警官', '黄局长'], 'nanshan-traffic': ['陈警官', '刘大队长'], 'futian-branch': ['林警官', '郑局长'],
    household: ['何警官', '罗处长'], 'anti-fraud': ['吴警官', '孙主任'], inspection: ['许警官', '马支队长'],
  };
  for (const u of DEMO_UNITS) {
    people.push({ username: `officer-${u}`, displayName: names[u][0], unitCode: u, roles: ['officer'] });
    people.push({ username: `leader-${u}`, displayName: names[u][1], unitCode: u, roles: ['unit_leader'] });
  }
  // An account that is already there (a half-finished earlier load, or a real one) is kept as it is.
  const existing = new Set((await deps.store.query<{ username: string }>('SELECT username FROM users WHERE username = ANY($1::text[])',
    [people.map((p) => p.username)])).rows.map((r) => r.username));
  await Promise.all(people.filter((p) => !existing.has(p.username)).map((p) => createUser(deps.store, catalog, { ...p, password: DEMO_PASSWORD })
    .catch((e) => { if (e?.code !== 'already_exists') throw e; })));
  const r = await deps.store.query<{ id: number; username: string; display_name: string }>(
    'SELECT id, username, display_name FROM users WHERE username = ANY($1::text[])', [people.map((p) => p.username)]);
  return new Map(r.rows.map((u) => [u.username, { kind: 'staff' as const, id: u.id, label: u.display_name, username: u.username }]));
}

export async function loadDemoData(deps: Deps): Promise<void> {
  const done = async (db: Queryable) => (await db.query('SELECT 1 FROM settings WHERE key = $1', [MARKER])).rows.length > 0;
  if (await done(deps.store)) return;
  const catalog = await deps.catalog.get();
  const staff = await createDemoUsers(deps, catalog);
  const end = deps.clock.now().getTime();

  await deps.store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK]);
    if (await done(tx)) return;

    // Writers: demo citizens with valid ID numbers and phones 1380000xxxx.
    // Sealed at rest like every writer's data (store/vault.ts), found again by the phones' blind index.
    const v = vault();
    await insertRows(tx, 'citizens', ['phone_hash', 'phone', 'name', 'id_number', 'created_at', 'updated_at'],
      DEMO_CITIZENS.map((p) => [phoneIndex(p.phone), v.seal('phone', p.phone), v.seal('name', p.name), v.seal('id_number', p.idNumber),
        new Date(end - (DAYS + 10) * DAY), new Date(end - (DAYS + 10) * DAY)]),
      'ON CONFLICT (phone_hash) DO NOTHING');
    const byHash = new Map(DEMO_CITIZENS.map((p) => [phoneIndex(p.phone), p]));
    const ids = { rows: (await tx.query<{ id: number; phone_hash: string }>('SELECT id, phone_hash FROM citizens WHERE phone_hash = ANY($1::text[])', [[...byHash.keys()]]))
      .rows.map((r) => ({ id: r.id, phone: byHash.get(r.phone_hash)!.phone, name: byHash.get(r.phone_hash)!.name })) };

    const rng = new Rng(20_260_219);
    const officers = new Map<string, Who>();
    for (const u of DEMO_UNITS) if (staff.has(`officer-${u}`)) officers.set(u, staff.get(`officer-${u}`)!);
    const w: World = { rng, catalog, end, dispatcher: staff.get('dispatcher')!, reviewer: staff.get('reviewer')!, officers, cases: [] };

    const specs = makeSpecs(rng, end);
    // Numbers in order of receipt, as intake would have given them.
    const seq = (await tx.query<{ n: number }>("SELECT nextval('case_number_seq') AS n FROM generate_series(1, $1::int) ORDER BY 1", [specs.length])).rows;
    specs.forEach((s, i) => {
      const number = `JB${localDateString(new Date(s.received)).replaceAll('-', '')}${String(seq[i].n).padStart(6, '0')}`;
      w.cases.push(makeCase(w, i, number, s, ids.rows));
    });
    for (const c of w.cases) live(c);

    const rows = w.cases.map((c) => {
      const lastAct = Math.max(...c.events.filter((e) => e.who.label !== '时限监控').map((e) => e.at));
      return [c.number, c.channel, c.externalId, c.writer.citizenId, c.writer.citizenId === null ? v.seal('name', c.writer.name) : null, c.writer.citizenId === null ? v.seal('phone', c.writer.phone) : null, c.writer.citizenId === null ? phoneIndex(c.writer.phone) : null,
        c.type, c.category, c.title, c.content, c.address, c.location?.lat ?? null, c.location?.lng ?? null, c.district, c.priority, c.confidential,
        c.status, c.unit, c.co, d(c.received), d(c.at.dispatched), d(c.at.signed), d(c.at.contacted), d(c.at.reported), d(c.at.reviewed), d(c.at.closed),
        c.outcome, c.reportContent, c.extension ? JSON.stringify(c.extension) : null, c.returns, c.reopens,
        c.evalReached, c.evalResolved, c.evalSatisfaction, d(c.evalAt), c.consent, d(lastAct)];
    });
    const inserted = await insertRows(tx, 'cases', ['number', 'channel', 'external_id', 'citizen_id', 'citizen_name', 'citizen_phone', 'citizen_phone_hash', 'type', 'category', 'title', 'content',
      'address', 'lat', 'lng', 'district', 'priority', 'confidential', 'status', 'unit_code', 'co_unit_codes', 'received_at', 'dispatched_at', 'signed_at',
      'contacted_at', 'reported_at', 'reviewed_at', 'closed_at', 'report_outcome', 'report_content', 'extension_pending', 'returns', 'reopens',
      'eval_reached', 'eval_resolved', 'eval_satisfaction', 'eval_at', 'consent_to_publish', 'updated_at'], rows, 'RETURNING id, number');
    const idOf = new Map<string, number>(inserted.map((r) => [r.number, r.id]));
    const caseId = (c: Sim) => idOf.get(c.number)!;

    for (const c of w.cases.filter((x) => x.mergedInto !== null)) {
      await tx.query('UPDATE cases SET merged_into = $2 WHERE id = $1', [caseId(c), caseId(w.cases[c.mergedInto!])]);
    }

    await insertRows(tx, 'case_limits', ['case_id', 'kind', 'round', 'started_at', 'due_at', 'warn_at', 'done_at', 'warned_at', 'breached_at'],
      w.cases.flatMap((c) => [...c.limits.values()].map((l) => [caseId(c), l.kind, l.round, d(l.start), d(l.due), d(l.warn), d(l.done), d(l.warned), d(l.breached)])));

    // Events in time order overall, so that ids read as the trail's order within a case and across cases.
    const events = w.cases.flatMap((c) => c.events.map((e) => ({ c, e }))).sort((a, b) => a.e.at - b.e.at);
    await insertRows(tx, 'case_events', ['case_id', 'at', 'actor_kind', 'actor_id', 'actor_label', 'action', 'note', 'data'], events.map(({ c, e }) => {
      let data = e.data;
      if (e.ref) {
        const other = w.cases[e.ref.idx];
        data = e.ref.as === 'into' ? { intoId: caseId(other), intoNumber: other.number } : { fromId: caseId(other), fromNumber: other.number };
      }
      return [caseId(c), d(e.at), e.who.kind, e.who.id, e.who.label, e.action, e.note, data ? JSON.stringify(data) : null];
    }));

    await insertRows(tx, 'notices', ['case_id', 'kind', 'limit_kind', 'to_unit', 'to_role', 'text', 'created_at', 'read_at'],
      w.cases.flatMap((c) => c.notices.map((n) => [caseId(c), n.kind, n.limit, n.unit, n.role, n.text, d(n.at), d(n.readAt)])).sort((a, b) => +a[6]! - +b[6]!));

    await insertRows(tx, 'thanks', ['case_id', 'citizen_id', 'content', 'created_at'],
      w.cases.flatMap((c) => c.thanks.map((t) => [caseId(c), c.writer.citizenId, t.content, d(t.at)])).sort((a, b) => +a[3]! - +b[3]!));

    await insertRows(tx, 'faq', ['question', 'answer', 'category', 'published', 'created_by', 'created_at'],
      FAQ.map((f, i) => [f.question, f.answer, f.category, true, w.dispatcher.id, new Date(end - (DAYS - 5 - i * 9) * DAY)]));

    await tx.query('INSERT INTO settings (key, value) VALUES ($1, $2)', [MARKER, JSON.stringify({ loadedAt: new Date(end).toISOString(), cases: w.cases.length })]);
  });
}

// ——— the texts: what people write about, and what units answer ———

type Outcome = 'resolved' | 'partially_resolved' | 'explained' | 'unresolvable';

interface Template {
  key: string;
  category: string;
  types: string[];
  weight: number;
  titles: string[];
  contents: string[];
  feedback: string[];
  /** Outcome, report text, weight. */
  reports: [Outcome, string, number][];
  channels?: [string, number][];
  /** The dispatcher's choice when it is not the category's route (suggestions, praise …). */
  route?: (district: string | null) => string | null;
  coUnit?: string;
  placeBound?: boolean;
  quick?: boolean;
  urgent?: boolean;
  /** Letters that come in waves about one place: some later ones are merged (并案). */
  hot?: boolean;
  extension?: number;
}

interface Story {
  key: string;
  daysAgo: number;
  /** Local hour of day the letter came in. */
  hour: number;
  tpl: Template;
  district: string;
  channel: string;
  writer: string;
  title: string;
  content: string;
  address: string;
  ctx?: Record<string, string>;
  script(c: Sim): void;
}

const ONLINE: [string, number][] = [['mailbox_web', 45], ['wechat', 32], ['weibo', 5], ['12345', 18]];
const STREET: [string, number][] = [['mailbox_web', 34], ['wechat', 24], ['weibo', 6], ['12345', 16], ['110', 12], ['open311', 5], ['petition', 3]];
const branch = (district: string | null) => (district ? `${district}-branch` : null);

const TEMPLATES: Template[] = [
  {
    key: 'parking', category: 'traffic_order', types: ['complaint', 'help'], weight: 8, placeBound: true, hot: true, coUnit: '{district}-branch', channels: STREET,
    titles: ['{road}路段车辆违停严重', '{community}周边乱停车占用行车道', '{road}人行道被违停车辆占满', '反映{road}长期违停问题'],
    contents: [
      '{road}近期有很多车辆占用行车道和人行道违停，早晚高峰只能单车道通行，附近居民和学生出行很不安全，存在交通隐患。希望交警加强巡查整治，必要时增设临时停车位。',
      '我住在{addr}，小区门口的{road}每天晚上都停满了车，有的车直接停在消防通道上，救护车都开不进来。多次打12345反映没有改善，恳请交警部门处理。',
    ],
    feedback: ['已安排铁骑中队加强{road}路段巡逻，对违停车辆依法处罚。', '已实地踏勘，违停集中在早晚高峰，正在协调街道增设停车泊位。'],
    reports: [
      ['resolved', '经实地踏勘，我大队联合街道办开展专项整治，提高铁骑巡逻执法频次，共查处违停车辆数十辆，并协调增设临时停车位，目前{road}违停现象明显改善。', 7],
      ['partially_resolved', '已对违停车辆依法处罚并加强巡查，违停明显减少；周边停车位不足的问题已转交区交通运输局研究解决。', 3],
    ],
  },
  {
    key: 'racing', category: 'traffic_order', types: ['complaint', 'report'], weight: 6, placeBound: true, hot: true, channels: STREET,
    titles: ['夜间飙车“炸街”噪音扰民', '{road}深夜改装摩托车“炸街”', '反映{community}附近“鬼火少年”飙车'],
    contents: [
      '最近每天晚上十一点以后，{road}一带经常有改装摩托车飙车“炸街”，轰鸣声很大，{community}的居民被吵得无法休息，老人小孩深受其扰，而且车速很快非常危险。恳请交警严查。',
      '每到周末凌晨，{road}就有一群年轻人骑改装摩托车来回飙车，排气管声音像放鞭炮一样，已经持续一个多月了，希望交警部门在这个路段设卡整治。',
    ],
    feedback: ['已将{road}纳入夜间飙车“炸街”专项整治重点路段，近期将组织夜查行动。', '已安排夜间巡逻警力在{road}蹲守，并调取沿线卡口视频追查涉事车辆。'],
    reports: [
      ['resolved', '我大队已将{road}纳入飙车“炸街”专项整治重点路段，夜间设卡查处非法改装摩托车{n}辆，依法暂扣车辆并处罚，目前夜间噪音明显减少。', 8],
      ['partially_resolved', '已开展多次夜间整治，查处改装车辆若干，但仍有零星飙车现象，将继续保持高压态势。', 2],
    ],
  },
  {
    key: 'signal', category: 'traffic_order', types: ['suggest', 'complaint'], weight: 3, placeBound: true, channels: STREET,
    titles: ['{road}路口信号灯配时不合理', '建议优化{road}与{road2}路口红绿灯'],
    contents: ['{road}与{road2}交叉口左转绿灯时间太短，每次只能通过几辆车，早高峰排队经常超过两百米，建议交警部门调整信号灯配时。'],
    feedback: ['已安排技术人员对该路口进行流量调查。'],
    reports: [
      ['resolved', '经路口流量调查，已将早高峰左转绿灯时长由25秒调整为40秒，通行效率明显提升。', 6],
      ['explained', '该路口配时已按流量优化，目前受周边地铁施工影响通行能力下降，施工结束后将重新评估配时方案。', 3],
    ],
  },
  {
    key: 'school', category: 'traffic_order', types: ['help', 'suggest'], weight: 3, placeBound: true, channels: STREET,
    titles: ['{community}学校门口上下学时段拥堵', '{road}学校周边接送车辆乱停'],
    contents: ['每天上下学时段，家长车辆在{road}学校门口随意停放接送孩子，导致道路严重拥堵，孩子过马路很危险。希望交警在高峰时段安排警力疏导。'],
    feedback: ['已联系学校了解上下学时间，将在高峰时段安排警力疏导。'],
    reports: [['resolved', '已在上下学高峰安排警力和志愿者疏导，并施划临时“即停即走”区域，拥堵明显缓解。', 1]],
  },
  {
    key: 'noise', category: 'public_order', types: ['complaint'], weight: 6, placeBound: true, hot: true, coUnit: '{district}-traffic', channels: STREET,
    titles: ['{community}楼下商铺夜间噪音扰民', '{road}烧烤店营业到凌晨扰民', '反映{community}附近酒吧噪音问题'],
    contents: [
      '{addr}附近的烧烤店和酒吧每天营业到凌晨两三点，音响声、划拳声很大，我们多次打电话反映都没有彻底解决，严重影响休息，希望派出所依法处理。',
      '{community}楼下新开了一家KTV，每天晚上唱到凌晨，低音炮震得窗户都在响，家里老人心脏不好，实在受不了，请警方管一管。',
    ],
    feedback: ['社区民警已上门核查，涉事商户承诺整改，后续将夜间回查。', '已约谈涉事商户负责人，责令其降低音量、控制营业时间。'],
    reports: [
      ['resolved', '辖区派出所已对涉事商户进行约谈并依法作出警告处罚，商户已加装隔音设施并承诺夜间十点后降低音量，后续将加强夜间巡查。', 7],
      ['partially_resolved', '已依法处罚涉事商户，噪音有所减轻；商户经营许可问题已移交市场监管部门处理。', 3],
    ],
  },
  {
    key: 'rental', category: 'public_order', types: ['report'], weight: 3, placeBound: true, channels: STREET,
    titles: ['{community}存在群租房安全隐患', '举报{road}附近违规群租'],
    contents: ['{addr}有一套房子被隔成十几个小间出租，住了很多人，电动车在楼道充电，消防隐患很大，希望公安机关和相关部门检查。'],
    feedback: ['社区民警已会同街道出租屋管理站上门核查。'],
    reports: [
      ['resolved', '经核查，该房屋存在违规分隔出租情况，已会同街道责令房东整改，清理楼道电动车，登记核查租住人员信息。', 8],
      ['explained', '经上门核查，该房屋为合法登记的合租房，未发现违规分隔，已提醒房东规范电动车停放充电。', 2],
    ],
  },
  {
    key: 'neighbour', category: 'public_order', types: ['help'], weight: 3, placeBound: true, channels: STREET,
    titles: ['邻里纠纷请求派出所调解', '楼上住户高空抛物请求处理'],
    contents: ['我住在{addr}，楼上住户长期往楼下扔垃圾、泼水，沟通多次无果，还发生过口角，请求派出所出面调解。'],
    feedback: ['社区民警已约双方当事人到警务室调解。'],
    reports: [
      ['resolved', '经社区民警和人民调解员调解，双方达成和解协议，楼上住户承诺不再抛物，物业已在楼下加装监控。', 6],
      ['partially_resolved', '已组织双方调解，对方态度有所改善，但仍有分歧，已告知来信人可通过民事诉讼途径解决。', 3],
      ['unresolvable', '经多次调解未能达成一致，该纠纷属民事纠纷，已引导来信人向人民法院起诉。', 1],
    ],
  },
  {
    key: 'gambling', category: 'public_order', types: ['report'], weight: 2, placeBound: true, channels: [['mailbox_web', 40], ['wechat', 30], ['110', 30]],
    titles: ['反映{community}疑似赌博窝点', '举报{road}出租屋聚众赌博'],
    contents: ['{addr}一间出租屋每天晚上人员进出频繁，经常传出麻将声直到天亮，疑似聚众赌博，请公安机关核查。'],
    feedback: ['已安排警力对举报线索进行秘密核查。'],
    reports: [
      ['resolved', '经核查，该处确有聚众赌博行为，我局已依法查处，对涉赌人员作出行政处罚。感谢您的举报。', 6],
      ['explained', '经多次蹲守核查，暂未发现赌博违法行为，已将该处列为重点巡查对象。', 4],
    ],
  },
  {
    key: 'renovation', category: 'public_order', types: ['complaint'], weight: 2, placeBound: true, channels: STREET,
    titles: ['楼上违规夜间装修噪音', '{community}夜间施工扰民'],
    contents: ['{community}有住户连续一周晚上十点以后还在装修，电钻声很大，物业劝阻无效，请求民警处理。'],
    feedback: ['社区民警已联系物业和装修住户。'],
    reports: [['resolved', '已会同物业对装修住户进行劝导教育，住户承诺严格遵守装修时间，夜间已无施工噪音。', 1]],
  },
  {
    key: 'family', category: 'missing_person', types: ['help'], weight: 2, placeBound: true, extension: 0.4,
    channels: [['mailbox_web', 50], ['wechat', 30], ['12345', 10], ['110', 10]],
    titles: ['寻找失散多年的{rel}', '恳请帮助寻找走失的{rel}'],
    contents: ['我{rel}于{year}年在{hometown}老家走失，至今已经很多年，全家人一直在寻找。听说局长信箱可以求助，恳请警方帮忙采集DNA比对，帮我们找到亲人。我们目前住在{addr}。'],
    feedback: ['已为来信人采集DNA样本录入全国打拐DNA数据库比对，并发函{hometown}警方协查。', '已调取当年的报案记录，正在与户籍地公安机关核实。'],
    reports: [
      ['resolved', '经DNA比对和异地协查，已找到来信人失散的{rel}，经复核确认亲缘关系，已协助双方相认。', 4],
      ['partially_resolved', '已将来信人DNA信息录入数据库并完成首轮比对，暂未比中，数据库将持续自动比对，有结果将第一时间通知。', 6],
    ],
  },
  {
    key: 'elderly', category: 'missing_person', types: ['help'], weight: 2, placeBound: true, urgent: true, quick: true, channels: [['110', 40], ['wechat', 30], ['mailbox_web', 30]],
    titles: ['老人走失求助', '患阿尔茨海默病的父亲走失'],
    contents: ['我父亲今年七十八岁，患有阿尔茨海默病，今天上午在{road}附近走失，身穿灰色外套，已经找了很久，请求警方帮助查找监控。'],
    feedback: ['已调取{road}周边监控，正在组织警力搜寻。'],
    reports: [['resolved', '经调取监控追踪，已于当日在{road2}附近找到老人并送回家中，提醒家属为老人佩戴防走失手环。', 1]],
  },
  {
    key: 'move-hukou', category: 'household', types: ['consult'], weight: 5, quick: true, channels: ONLINE,
    titles: ['夫妻投靠入户需要哪些材料', '户口迁移到深圳怎么办理', '父母随迁入户咨询'],
    contents: [
      '我和爱人已在深圳登记结婚{n}年，想把户口迁入深圳，请问夫妻投靠入户需要准备哪些材料？可以网上办理吗？大概需要多长时间？',
      '我父母都已退休，想随我迁户口到深圳，请问老人随迁入户有什么条件？需要准备哪些材料？',
    ],
    feedback: ['已电话告知来信人入户条件和材料清单。'],
    reports: [
      ['explained', '已电话告知来信人入户的条件和所需材料（结婚证、双方身份证、户口簿、住房证明等），可通过“深圳公安”微信公众号在线申请，审批时限为15个工作日。', 9],
      ['resolved', '已指导来信人通过网上办事大厅提交申请，材料审核通过，已发放准迁证。', 1],
    ],
  },
  {
    key: 'id-card', category: 'household', types: ['help'], weight: 4, channels: ONLINE,
    titles: ['补领身份证进度查询', '身份证办理一个多月还没拿到'],
    contents: ['我于{date}在{dname}派出所办理了身份证补领，当时说二十天左右可以领取，现在已经超过一个月了还没有收到短信通知，请帮忙查询进度。'],
    feedback: ['已联系制证中心查询制证进度。'],
    reports: [
      ['resolved', '经查，来信人的身份证因照片质量问题被退回重新制作，现已制证完成并送达{dname}派出所，已通知来信人领取。', 8],
      ['explained', '经查，来信人的身份证已制作完成并于上周送达，因预留手机号有误未收到短信，已电话告知领取。', 2],
    ],
  },
  {
    key: 'newborn', category: 'household', types: ['consult'], weight: 3, quick: true, channels: ONLINE,
    titles: ['新生儿入户办理咨询', '孩子出生后怎么上户口'],
    contents: ['我家宝宝上个月在深圳出生，我是深圳户籍，爱人是外省户籍，请问新生儿入户需要哪些材料？可以随父或随母落户吗？'],
    feedback: ['已电话告知来信人新生儿入户流程。'],
    reports: [['explained', '已告知来信人：新生儿可随父或随母落户，凭出生医学证明、父母身份证、户口簿和结婚证，在出生后一个月内到户籍派出所或网上办理。', 1]],
  },
  {
    key: 'residence', category: 'household', types: ['help'], weight: 2, channels: ONLINE,
    titles: ['居住证签注办理不成功', '居住证网上签注一直失败'],
    contents: ['我的居住证到期后在网上办理签注，一直提示“信息核验失败”，租房合同已经备案，请问是什么原因？应该怎么处理？'],
    feedback: ['已核查来信人的居住登记信息。'],
    reports: [['resolved', '经核查，来信人的居住登记地址与租赁备案地址不一致，已协助更正，来信人已签注成功。', 1]],
  },
  {
    key: 'hall', category: 'household', types: ['complaint', 'suggest'], weight: 2, channels: ONLINE,
    titles: ['户政大厅排队时间太长', '建议户政窗口增加预约号'],
    contents: ['今天上午在{dname}户政大厅办理户籍业务，取号后排了三个多小时，窗口只开了两个，建议增加窗口或实行预约办理。'],
    feedback: ['已调取当日户政大厅取号和窗口开放记录。'],
    reports: [
      ['explained', '经核查，当日因系统升级部分窗口暂停，导致等候时间较长，已向来信人致歉；现已增开高峰时段窗口并推行网上预约。', 7],
      ['resolved', '已在户政大厅推行分时段预约，高峰期增开两个窗口，平均等候时间已缩短至30分钟以内。', 3],
    ],
  },
  {
    key: 'passport', category: 'exit_entry', types: ['help'], weight: 4, channels: ONLINE,
    titles: ['护照办理进度查询', '申请护照能否加急办理'],
    contents: ['我于{date}在出入境窗口申请了护照，下个月要出国参加学术会议，现在网上查询一直显示“审批中”，请帮忙查询能否加急。'],
    feedback: ['已联系审批部门核查来信人护照申请状态。'],
    reports: [
      ['resolved', '经核查，来信人护照申请因补充材料暂缓，已协助补充并按加急流程办理，护照已制作完成并寄出。', 8],
      ['explained', '来信人护照正在正常审批流程中，已告知其提供出国邀请函可申请加急办理。', 2],
    ],
  },
  {
    key: 'hk-permit', category: 'exit_entry', types: ['help', 'consult'], weight: 3, quick: true, channels: ONLINE,
    titles: ['港澳通行证自助签注失败', '港澳签注办理问题咨询'],
    contents: ['我在出入境自助机上办理港澳通行证签注，一直提示“不符合自助办理条件”，请问是什么原因？需要到窗口办理吗？'],
    feedback: ['已核查来信人的签注办理记录。'],
    reports: [['explained', '经核查，来信人通行证有效期不足三个月，不能自助签注，需先换发通行证，已告知办理流程。', 1]],
  },
  {
    key: 'licence-renew', category: 'vehicle_license', types: ['consult'], weight: 4, quick: true, channels: ONLINE,
    titles: ['驾驶证到期换证咨询', '驾驶证可以异地换证吗'],
    contents: ['我的驾驶证下个月到期，目前在外地出差，请问能否异地换证？需要哪些材料？体检可以在外地做吗？'],
    feedback: ['已电话告知来信人换证流程。'],
    reports: [['explained', '已告知来信人：驾驶证可全国通办换证，凭身份证、体检证明在当地车管所或“交管12123”APP办理，有效期满前90日内均可申请。', 1]],
  },
  {
    key: 'inspection', category: 'vehicle_license', types: ['help', 'complaint'], weight: 2, channels: ONLINE,
    titles: ['机动车年检预约不上', '车管所年审预约号太少'],
    contents: ['我的车下周年检到期，但在网上连续一周都约不上号，显示全部约满，担心逾期被处罚，请问该怎么办？'],
    feedback: ['已联系车管所核查预约号源。'],
    reports: [['resolved', '已协调检测站增加号源，来信人已成功预约并完成年检；逾期因号源不足导致的，可申请免予处罚。', 1]],
  },
  {
    key: 'cloned-plate', category: 'vehicle_license', types: ['complaint', 'report'], weight: 2, channels: ONLINE,
    titles: ['车辆被套牌产生违章', '怀疑车辆被套牌请求处理'],
    contents: ['我的车辆（粤B·{plate}）一直停在小区车库，但近一个月在{road}产生了三次违章记录，怀疑被套牌，请交警核查处理。'],
    feedback: ['已调取违法抓拍照片进行比对。'],
    reports: [
      ['resolved', '经比对抓拍照片，确认为套牌车辆所为，已撤销来信人名下三条违法记录，套牌车辆已布控查缉。', 8],
      ['explained', '经比对抓拍照片，违法车辆特征与来信人车辆一致，不属于套牌，已告知来信人可申请复核。', 2],
    ],
  },
  {
    key: 'task-scam', category: 'fraud', types: ['help'], weight: 4, channels: [['mailbox_web', 35], ['wechat', 25], ['110', 25], ['12345', 15]],
    titles: ['网络刷单兼职被骗求助', '刷单返利被骗{amount}元'],
    contents: ['我在网上看到刷单兼职广告，对方让我先垫付，前后转账{amount}元后对方拉黑了我。已经在派出所报案，请问案件进展如何，钱能追回吗？'],
    feedback: ['反诈中心已对涉案账户开展紧急止付。'],
    reports: [
      ['partially_resolved', '反诈中心已对涉案账户进行紧急止付，冻结部分涉案资金，案件已移交属地分局立案侦查，已告知来信人资金返还程序。', 6],
      ['explained', '案件已由属地分局立案侦查，涉案资金已多次转移，正在全力追查，有进展将及时告知来信人。', 3],
      ['unresolvable', '经研判，涉案资金已转至境外账户，暂无法追回，案件继续侦办中。', 1],
    ],
  },
  {
    key: 'fake-service', category: 'fraud', types: ['help', 'report'], weight: 3, quick: true, channels: [['mailbox_web', 40], ['wechat', 30], ['110', 30]],
    titles: ['接到冒充快递客服的诈骗电话', '冒充电商客服要求退款的电话'],
    contents: ['今天接到一个自称快递客服的电话，说我的包裹丢了要给我理赔，让我下载一个会议软件共享屏幕，我觉得不对劲挂了电话。请问这是诈骗吗？号码是否可以封停？'],
    feedback: ['已将来信人反映的号码提交运营商核查。'],
    reports: [['explained', '该来电为典型冒充客服诈骗，已将号码提交运营商关停，提醒来信人不要下载陌生软件、不要共享屏幕。', 1]],
  },
  {
    key: 'invest-scam', category: 'fraud', types: ['help'], weight: 2, channels: [['mailbox_web', 40], ['wechat', 25], ['110', 35]],
    titles: ['被拉入虚假投资理财群被骗', '网上投资平台无法提现'],
    contents: ['几个月前我被拉进一个“股票交流群”，在群里“老师”推荐的平台上投资了{amount}元，现在平台无法提现，客服也联系不上了，请求警方帮助。'],
    feedback: ['已受理来信人报案线索，正在对平台资金流向进行研判。'],
    reports: [
      ['partially_resolved', '已立案侦查，冻结部分涉案资金，相关嫌疑人已上网追逃，将依法返还被冻结资金。', 6],
      ['unresolvable', '该平台服务器及资金账户均在境外，已立案并上报部督案件，暂无法追回资金。', 4],
    ],
  },
  {
    key: 'attitude', category: 'police_conduct', types: ['complaint'], weight: 2, channels: [['mailbox_web', 40], ['wechat', 15], ['12389', 35], ['petition', 10]],
    titles: ['反映民警办事态度生硬', '投诉派出所窗口民警服务态度差'],
    contents: ['我于{date}到{dname}某派出所办理业务，窗口民警态度生硬、不耐烦，没有一次性告知所需材料，导致我来回跑了三趟。希望加强管理。'],
    feedback: ['督察支队已调取当日窗口视频进行核查。'],
    reports: [
      ['resolved', '经核查，当事民警存在服务态度问题，已对其批评教育并责令向来信人道歉，所在派出所已组织窗口服务规范培训。', 7],
      ['explained', '经调取视频核查，当事民警按规定告知了所需材料，未发现态度问题，已向来信人解释说明。', 3],
    ],
  },
  {
    key: 'slow-response', category: 'police_conduct', types: ['complaint'], weight: 2, channels: [['mailbox_web', 40], ['wechat', 15], ['12389', 35], ['petition', 10]],
    titles: ['报警后出警不及时', '反映民警出警慢、不作为'],
    contents: ['{date}晚上我在{addr}报警称有人打架，等了四十多分钟才有民警到场，到场后也只是简单登记就走了，希望核查原因。'],
    feedback: ['督察支队已调取接处警记录核查。'],
    reports: [
      ['explained', '督察支队已调取接处警记录核查，当晚该辖区警情集中，出警存在延误，已责令所属派出所整改并向来信人致歉。', 6],
      ['resolved', '经核查，处警民警存在处置不规范问题，已责令重新处理该警情，对当事民警予以诫勉谈话。', 4],
    ],
  },
  {
    key: 'suggest-hours', category: 'suggestion', types: ['suggest'], weight: 2, route: () => 'household', channels: [['mailbox_web', 50], ['wechat', 35], ['weibo', 15]],
    titles: ['建议户政大厅周末开放', '建议延长户政窗口服务时间'],
    contents: ['上班族工作日请假不方便，建议户政大厅周末也开放半天，或者工作日延长到晚上七点，方便群众办事。'],
    feedback: ['已将建议转户政管理处研究。'],
    reports: [['explained', '感谢您的建议。目前全市已有部分户政大厅试行周六上午开放，我们将根据群众需求逐步推广，并推行更多业务网上办理。', 1]],
  },
  {
    key: 'suggest-camera', category: 'suggestion', types: ['suggest'], weight: 1, placeBound: true, route: (d) => (d ? `${d}-traffic` : null),
    channels: [['mailbox_web', 50], ['wechat', 35], ['weibo', 15]],
    titles: ['建议在{road}增设电子警察', '建议{road}路口增设违停抓拍'],
    contents: ['{road}与{road2}路口经常有车辆闯红灯和违停，行人过马路很危险，建议增设电子警察抓拍设备。'],
    feedback: ['已安排人员到路口实地勘察。'],
    reports: [
      ['resolved', '经实地勘察，已将该路口纳入今年电子警察建设计划，设备已安装并投入使用。', 5],
      ['explained', '该路口已列入电子警察建设规划，预计明年上半年安装，期间将加强路面巡查。', 5],
    ],
  },
  {
    key: 'lost-found', category: 'other', types: ['consult', 'help'], weight: 1, placeBound: true, quick: true, route: branch, channels: ONLINE,
    titles: ['捡到钱包如何交给失主', '在{road}捡到证件怎么处理'],
    contents: ['我今天在{road}捡到一个钱包，里面有身份证、银行卡和一些现金，请问应该交到哪里？我住在{addr}。'],
    feedback: ['已联系来信人约定交接时间。'],
    reports: [['resolved', '辖区派出所已接收来信人拾得的钱包，并通过身份证信息联系到失主领回，对来信人拾金不昧的行为表示感谢。', 1]],
  },
  {
    key: 'praise', category: 'other', types: ['praise'], weight: 3, placeBound: true, quick: true, route: branch, channels: [['mailbox_web', 45], ['wechat', 35], ['weibo', 20]],
    titles: ['感谢{dname}民警热心帮助', '表扬{dname}派出所民警'],
    contents: [
      '上周我在{road}不慎丢失钱包，{dname}派出所民警很快调取监控帮我找回，特此写信表扬感谢！',
      '我母亲在{community}附近迷路，巡逻民警耐心询问并把她送回了家，我们全家非常感动，特此表扬。',
    ],
    feedback: ['已将来信人的表扬转达所属派出所。'],
    reports: [['explained', '已将来信人的表扬转达所属派出所并在全所通报表扬，感谢您对公安工作的支持。', 1]],
  },
];

const LIKANG_DUPLICATE: Template = {
  ...TEMPLATES[0], key: 'likang-dup', weight: 0, hot: false,
  titles: ['丽康路早晚高峰违停堵车', '南科一路违停车辆占道'],
  contents: ['南山区丽康路和南科一路早晚高峰违停的车辆太多，公交车都过不去，上班经常迟到，希望交警管一管。'],
};

const STORIES: Story[] = [
  {
    key: 'sister', daysAgo: 118, hour: 20.25, tpl: TEMPLATES.find((t) => t.key === 'family')!, district: 'longhua', channel: 'mailbox_web', writer: '杨丽',
    title: '恳请帮助寻找失散二十七年的姐姐',
    content: '我姐姐失散已经二十七年了，当年在四川老家走失，我们全家人到处找都没有结果，母亲年纪大了，最大的心愿就是能再见姐姐一面。听说深圳公安的“局长信箱”可以求助，恳请警方帮忙采集DNA比对，帮我们找到姐姐。我现在住在深圳市龙华区民治大道。',
    address: '深圳市龙华区民治大道书香门第',
    script(c) {
      const r = c.received;
      c.dispatch(c.when(r + 3 * MIN), 'longhua-branch');
      c.sign(c.when(r + 6 * MIN));
      c.contact(c.when(r + 27 * MIN), 'phone', 'reached', '已电话联系杨女士，详细了解其姐姐走失时的情况，约定采集DNA样本');
      c.feedback(c.when(r + 2 * DAY + 3 * HOUR), '已为来信人及其母亲采集DNA样本，录入全国打拐DNA数据库进行比对。');
      c.requestExtension(c.when(r + 12 * DAY), 20, '需协调外省公安机关协查比对');
      c.approveExtension(c.when(c.last + 5 * HOUR));
      c.feedback(c.when(r + 31 * DAY), '比对发现四川省一名女子与来信人母亲存在亲缘关系可能，已发函四川警方协查核实。');
      c.requestExtension(c.when(r + 40 * DAY), 30, '等待四川警方复核DNA结果');
      c.approveExtension(c.when(c.last + 4 * HOUR));
      c.report(c.when(r + 88 * DAY), 'resolved', '经接力查询核实，警方在四川找到来信人失散27年的姐姐，DNA复核确认亲缘关系，已协助双方相认。');
      c.review(c.when(c.last + 4 * HOUR), true, '办理过程完整，同意办结');
      c.callback(c.when(c.last + 20 * HOUR), true, true, 'satisfied', '杨女士表示非常满意，全家人十分感谢');
      c.thank(c.when(c.last + 2 * DAY), '我姐姐失散这二十七年，我们全家人到处找，我尝试给深圳公安的“局长信箱”写了一封求助信，真的让我们找到了姐姐。十分感谢深圳公安！');
    },
  },
  {
    key: 'likang', daysAgo: 100, hour: 8.6, tpl: TEMPLATES[0], district: 'nanshan', channel: 'mailbox_web', writer: '王建国',
    title: '南山区丽康路及南科路路段违停严重',
    content: '南山区丽康路及南科路路段近期有很多车占用行车道违停，严重影响附近居民的日常通行，早晚高峰经常堵得水泄不通，存在交通隐患。希望有关部门尽快整治。',
    address: '深圳市南山区丽康路',
    script(c) {
      const r = c.received;
      c.dispatch(c.when(r + 2 * MIN), 'nanshan-traffic', ['nanshan-branch'], '涉及多部门，南山交警大队主办，南山区分局协办');
      c.sign(c.when(r + 5 * MIN));
      c.contact(c.when(r + 18 * MIN), 'phone', 'reached', '已电话联系王先生，了解违停集中的时段和路段');
      c.feedback(c.when(r + DAY + 2 * HOUR), '已组织警力实地踏勘，违停集中在丽康路、南科一路早晚高峰，涉及住建、街道办、交通运输等多个部门，已上报区里协调。');
      c.feedback(c.when(r + 2 * DAY), '南山区分局已安排社区民警配合交警开展巡查。', 'nanshan-branch');
      c.requestExtension(c.when(r + 13 * DAY), 10, '涉及住建局、街道办、交通运输等多个部门，需联合整治');
      c.approveExtension(c.when(c.last + 3 * HOUR));
      c.report(c.when(r + 27 * DAY), 'resolved', '南山交警大队联合住建、街道办、交通运输等部门对丽康路、南科一路周边道路开展专项整治：召开违停约谈警示会，提高沿线铁骑巡逻执法频次，增设机动车道宜停车车位，并协调相关项目方设置面积约2000平方米的两处临时停车场。目前该路段违停现象明显改善。');
      c.review(c.when(c.last + 6 * HOUR), true, null);
      c.callback(c.when(c.last + DAY), true, true, 'satisfied', '王先生表示出行难题已解决，非常满意');
      c.thank(c.when(c.last + 3 * DAY), '感谢南山交警大队，丽康路现在通畅多了，为你们的办事效率点赞！');
    },
  },
];

const THANKS = [
  '感谢{dname}民警的耐心和负责，问题很快得到了解决！',
  '非常感谢局长信箱，办事效率很高，为人民警察点赞！',
  '写信第二天就有民警联系我，后续一直跟进，真正做到了事事有回音，谢谢！',
  '感谢各位警官不辞辛劳，帮我们解决了困扰很久的问题。',
];

const FAQ: { question: string; answer: string; category: string }[] = [
  { category: 'household', question: '夫妻投靠入户需要满足什么条件？准备哪些材料？',
    answer: '答：申请人与深圳户籍配偶结婚满一定年限（具体以现行入户政策为准）即可申请。需准备：结婚证、夫妻双方身份证和户口簿、深圳住房证明（房产证或租赁备案凭证）。可通过“深圳公安”微信公众号网上申请，审批时限为15个工作日。' },
  { category: 'household', question: '新生儿怎么办理入户？可以随父或随母落户吗？',
    answer: '答：新生儿可随父或随母落户。凭出生医学证明、父母双方身份证、户口簿、结婚证，在出生后一个月内到父或母户籍所在地派出所办理，也可网上办理。' },
  { category: 'household', question: '身份证丢失了如何补领？可以异地办理吗？',
    answer: '答：身份证丢失可到任一户政窗口申请补领，跨省异地也可办理。需本人到场采集照片和指纹，制证周期一般为20个工作日，可申请邮寄。' },
  { category: 'household', question: '居住证网上签注提示“信息核验失败”怎么办？',
    answer: '答：多为居住登记地址与租赁备案地址不一致，或居住登记已过期。请先到社区出租屋管理站更新居住登记，次日再网上签注。' },
  { category: 'household', question: '无犯罪记录证明在哪里开具？',
    answer: '答：本市户籍或在本市居住的人员，可到户籍地或居住地派出所申请，也可通过“深圳公安”微信公众号在线申请电子证明。' },
  { category: 'exit_entry', question: '护照办理需要多长时间？可以加急吗？',
    answer: '答：护照一般在7个工作日内审批制证。因出国奔丧、探望危重病人、紧急商务等情况，可凭相关证明申请加急。' },
  { category: 'vehicle_license', question: '驾驶证到期了可以异地换证吗？',
    answer: '答：可以。驾驶证换证已实现全国通办，有效期满前90日内凭身份证、体检证明到当地车管所或通过“交管12123”APP办理。' },
  { category: 'fraud', question: '发现被骗后第一时间应该怎么做？',
    answer: '答：立即拨打110或96110报警，提供转账记录、对方账号和聊天记录，公安机关将对涉案账户紧急止付。切勿再向“退款”“解冻”等名义的账户转账。' },
];

// Demo writers: 160 people with phones 1380000xxxx and ID numbers that pass the GB 11643 check.
const DEMO_CITIZENS: { phone: string; name: string; idNumber: string }[] = (() => {
  const rng = new Rng(11_643);
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '许', '邓', '冯', '韩', '曹'];
  const male = ['建国', '伟', '强', '志明', '俊杰', '浩', '海涛', '国庆', '文斌', '家豪', '子轩', '明', '立新', '永刚', '嘉伟'];
  const female = ['丽', '秀英', '芳', '敏', '静', '婷', '晓燕', '佳怡', '雪梅', '玉兰', '慧', '欣怡', '淑华', '美玲', '雅琪'];
  const areas = ['440303', '440304', '440305', '440306', '440307', '440309', '440311', '430521', '511702', '445221', '360121', '420111', '441581', '450902'];
  const out: { phone: string; name: string; idNumber: string }[] = [];
  const fixed: [string, boolean][] = [['杨丽', false], ['王建国', true]];
  for (let i = 0; i < 160; i++) {
    const [name, isMale] = fixed[i] ?? (() => { const m = rng.chance(0.5); return [rng.pick(surnames) + rng.pick(m ? male : female), m] as [string, boolean]; })();
    const birth = `${rng.int(1950, 2004)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
    // The 17th digit is odd for a man, even for a woman.
    const seq = `${rng.int(0, 9)}${rng.int(0, 9)}${rng.int(0, 4) * 2 + (isMale ? 1 : 0)}`;
    out.push({ phone: `1380000${String(i + 1).padStart(4, '0')}`, name, idNumber: withCheckDigit(`${rng.pick(areas)}${birth}${seq}`) });
  }
  return out;
})();

const PLACES: Record<string, { roads: string[]; communities: string[] }> = {
  futian: { roads: ['深南中路', '福华三路', '益田路', '彩田路', '香蜜湖路', '华强北路', '景田北路', '新洲路', '红荔路'], communities: ['景田小区', '香蜜湖畔花园', '园岭新村', '梅林一村', '上沙村', '皇岗村', '莲花北村'] },
  luohu: { roads: ['东门中路', '人民南路', '翠竹路', '布心路', '太宁路', '春风路'], communities: ['翠竹苑', '东湖花园', '黄贝岭村', '湖贝新村', '百仕达花园', '金湖山庄'] },
  nanshan: { roads: ['丽康路', '南科一路', '南海大道', '科苑路', '后海大道', '桃园路', '学府路', '留仙大道', '沙河西路'], communities: ['桃源村', '南山村', '蛇口花园', '西丽湖花园', '大冲新城', '海月花园', '丽城花园'] },
  yantian: { roads: ['深盐路', '海山路', '盐梅路', '东和路'], communities: ['海涛花园', '东和社区', '大梅沙村'] },
  baoan: { roads: ['新安六路', '宝安大道', '西乡大道', '新沙路', '凤塘大道', '创业二路'], communities: ['宝城28区', '固戍村', '沙井中心花园', '桥头社区', '翻身村'] },
  longgang: { roads: ['龙岗大道', '罗岗路', '五和大道', '横岗大道', '龙城大道', '坂雪岗大道'], communities: ['坂田万科城', '布吉大芬村', '六约社区', '龙城中心花园', '平湖凤凰社区'] },
  longhua: { roads: ['民治大道', '人民路', '梅龙大道', '观澜大道', '和平路', '大浪商业中心路', '东环二路'], communities: ['民治书香门第', '清湖社区', '观澜新田社区', '大浪浪口村', '上塘社区', '锦绣江南'] },
  pingshan: { roads: ['坪山大道', '东纵路', '深汕路', '金牛路'], communities: ['六和社区', '碧岭社区', '坑梓金沙社区'] },
  guangming: { roads: ['光明大道', '华夏路', '观光路', '公明北环大道'], communities: ['公明上村社区', '光明新村', '玉塘田寮社区'] },
  dapeng: { roads: ['金业大道', '大鹏中心路', '南澳海滨路', '葵涌中心路'], communities: ['葵涌三溪社区', '南澳东山社区', '王母社区'] },
};
