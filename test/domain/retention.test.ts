// The retention rule (domain/retention.ts): which cases are due, which citizens go, when a citizen may
// be forgotten, and what a case's texts become.
import { describe, expect, it } from 'vitest';
import {
  anonymiseCaseTexts, citizenDue, coarseCoordinate, DEFAULT_RETENTION_DAYS, inProgressMessage, isDue, lettersInProgress,
  retentionCutoff, retentionStart, type RetentionFacts,
} from '../../src/domain/retention.js';
import { findPersonalData } from '../../src/domain/text/redact.js';
import { CASE_STATUSES } from '../../src/domain/caseMachine.js';

const DAY = 86_400_000;
const now = new Date('2029-06-01T00:00:00+08:00');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
const fact = (f: Partial<RetentionFacts>): RetentionFacts => ({ status: 'closed', closedAt: null, updatedAt: daysAgo(0), anonymisedAt: null, ...f });

describe('retentionCutoff', () => {
  it('is now minus the period, and null (off) for 0 or less', () => {
    expect(retentionCutoff(now, 1095)!.getTime()).toBe(now.getTime() - 1095 * DAY);
    expect(retentionCutoff(now, 1)!.getTime()).toBe(now.getTime() - DAY);
    expect(retentionCutoff(now, 0)).toBeNull();
    expect(retentionCutoff(now, -5)).toBeNull();
    expect(retentionCutoff(now, Number.NaN)).toBeNull();
    expect(DEFAULT_RETENTION_DAYS).toBe(1095);
  });
});

describe('retentionStart', () => {
  it('is the closing of a closed case, the merge (last change) of a merged one, nothing for a case in progress', () => {
    expect(retentionStart(fact({ status: 'closed', closedAt: daysAgo(10), updatedAt: daysAgo(2) }))).toEqual(daysAgo(10));
    expect(retentionStart(fact({ status: 'closed', closedAt: null, updatedAt: daysAgo(2) }))).toEqual(daysAgo(2));
    expect(retentionStart(fact({ status: 'merged', closedAt: null, updatedAt: daysAgo(7) }))).toEqual(daysAgo(7));
    for (const status of CASE_STATUSES.filter((s) => s !== 'closed' && s !== 'merged')) {
      expect(retentionStart(fact({ status, closedAt: daysAgo(5000), updatedAt: daysAgo(5000) })), status).toBeNull();
    }
  });
});

describe('isDue', () => {
  it('a closed case past the period is due; one a day short is not', () => {
    expect(isDue(fact({ closedAt: daysAgo(1096) }), now, 1095)).toBe(true);
    expect(isDue(fact({ closedAt: daysAgo(1094) }), now, 1095)).toBe(false);
    // Exactly at the cutoff: not yet (strictly older).
    expect(isDue(fact({ closedAt: daysAgo(1095) }), now, 1095)).toBe(false);
    expect(isDue(fact({ closedAt: new Date(daysAgo(1095).getTime() - 1) }), now, 1095)).toBe(true);
  });

  it('a merged case counts from its merge', () => {
    expect(isDue(fact({ status: 'merged', updatedAt: daysAgo(2000) }), now, 1095)).toBe(true);
    expect(isDue(fact({ status: 'merged', updatedAt: daysAgo(30) }), now, 1095)).toBe(false);
  });

  it('never a case in progress, however old; never twice; never when retention is off', () => {
    for (const status of CASE_STATUSES.filter((s) => s !== 'closed' && s !== 'merged')) {
      expect(isDue(fact({ status, closedAt: daysAgo(5000), updatedAt: daysAgo(5000) }), now, 1095), status).toBe(false);
    }
    expect(isDue(fact({ closedAt: daysAgo(5000), anonymisedAt: daysAgo(10) }), now, 1095)).toBe(false);
    expect(isDue(fact({ closedAt: daysAgo(5000) }), now, 0)).toBe(false);
  });

  it('a reopened case (closed_at cleared, back in progress) starts again', () => {
    expect(isDue(fact({ status: 'signed', closedAt: null, updatedAt: daysAgo(2000) }), now, 1095)).toBe(false);
  });
});

describe('citizenDue', () => {
  it('only a citizen with no case left and not seen for the period', () => {
    expect(citizenDue({ cases: 0, updatedAt: daysAgo(1200) }, now, 1095)).toBe(true);
    expect(citizenDue({ cases: 1, updatedAt: daysAgo(1200) }, now, 1095)).toBe(false);
    expect(citizenDue({ cases: 0, updatedAt: daysAgo(30) }, now, 1095)).toBe(false);
    expect(citizenDue({ cases: 0, updatedAt: daysAgo(1200) }, now, 0)).toBe(false);
  });
});

describe('lettersInProgress (deletion on request)', () => {
  it('closed and merged letters do not hold a citizen back; any other status does', () => {
    expect(lettersInProgress([{ number: 'A', status: 'closed' }, { number: 'B', status: 'merged', survivorStatus: 'closed' }])).toEqual([]);
    for (const status of CASE_STATUSES.filter((s) => s !== 'closed' && s !== 'merged')) {
      expect(lettersInProgress([{ number: 'A', status: 'closed' }, { number: 'C', status }]).map((l) => l.number), status).toEqual(['C']);
    }
  });

  it('a letter merged into a case still being handled is in progress: its writer follows that case', () => {
    expect(lettersInProgress([{ number: 'M', status: 'merged', survivorStatus: 'signed' }]).map((l) => l.number)).toEqual(['M']);
    expect(lettersInProgress([{ number: 'M', status: 'merged', survivorStatus: null }])).toEqual([]);
  });

  it('the refusal says why, in Chinese, naming the letters', () => {
    const msg = inProgressMessage([{ number: 'JB1', status: 'signed' }, { number: 'JB2', status: 'received' }]);
    expect(msg).toContain('JB1、JB2');
    expect(msg).toMatch(/办理完毕/);
    const many = inProgressMessage(Array.from({ length: 7 }, (_, i) => ({ number: `JB${i}`, status: 'signed' as const })));
    expect(many).toContain('等 7 件');
    expect(many).not.toContain('JB6');
  });
});

describe('anonymiseCaseTexts', () => {
  const texts = {
    title: '赵丽反映：邻居王小明夜间噪音',
    content: '我叫赵丽，身份证号440304199001011236，电话13711120001，住福田区香蜜湖花园3栋1201。邻居王小明每晚在楼下喧哗，赵女士（即本人）多次劝阻无效。',
    address: '福田区香蜜湖花园3栋1201',
    reportContent: '赵丽您好：民警已到王小明家中批评教育，并告知治安管理处罚法相关规定。',
  };

  it('no name, phone, ID number or door of the writer is left; district and road stay', () => {
    const out = anonymiseCaseTexts(texts, { names: ['赵丽'] });
    const all = [out.title, out.content, out.address, out.reportContent].join('\n');
    for (const secret of ['赵丽', '赵女士', '王小明', '13711120001', '440304199001011236', '3栋', '1201']) expect(all, secret).not.toContain(secret);
    expect(out.content).toContain('来信人');
    expect(out.address).toContain('福田区');
    expect(findPersonalData(all, { names: ['赵丽'] })).toEqual([]);
  });

  it('keeps empty fields empty, and a text without personal data as it was', () => {
    const out = anonymiseCaseTexts({ title: '信号灯故障', content: '深南大道某路口信号灯长期故障。', address: null, reportContent: null }, { names: ['赵丽'] });
    expect(out).toEqual({ title: '信号灯故障', content: '深南大道某路口信号灯长期故障。', address: null, reportContent: null });
  });

  it('a name the letter gives away leaves the reply too; staff names (other people) become 某某', () => {
    const out = anonymiseCaseTexts({ title: '噪音', content: '邻居孙大海每晚喧哗。', address: null, reportContent: '已对孙大海批评教育。经办民警：李建军。' }, { names: [], otherNames: ['李建军'] });
    expect(out.reportContent).not.toContain('孙大海');
    expect(out.reportContent).not.toContain('李建军');
  });
});

describe('coarseCoordinate', () => {
  it('keeps about a kilometre', () => {
    expect(coarseCoordinate(22.543219)).toBe(22.54);
    expect(coarseCoordinate(114.057868)).toBe(114.06);
    expect(coarseCoordinate(null)).toBeNull();
    expect(coarseCoordinate(Number.NaN)).toBeNull();
  });
});
