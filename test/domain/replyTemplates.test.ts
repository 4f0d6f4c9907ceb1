// Response templates (domain/replyTemplates.ts): placeholders filled from the case, blanks marked
// and found again, the order in which templates fit a case.
import { describe, expect, it } from 'vitest';
import {
  blank, fillTemplate, formOfAddress, genderFromIdNumber, rankTemplates, unfilledBlanks, unknownPlaceholders, zhDate,
  type TemplateRow,
} from '../../src/domain/replyTemplates.js';

const facts = {
  writerName: '张伟', gender: 'male' as const, number: 'JB20260511000042',
  // 2026-05-10T17:30Z is already 11 May in China Standard Time.
  receivedAt: new Date('2026-05-10T17:30:00Z'), unitName: '福田区分局', categoryName: '治安管理',
};

describe('formOfAddress', () => {
  it('uses the surname and the gender, else 来信人', () => {
    expect(formOfAddress('张伟', 'male')).toBe('张先生');
    expect(formOfAddress('李秀英', 'female')).toBe('李女士');
    expect(formOfAddress('欧阳娜娜', 'female')).toBe('欧阳女士');
    expect(formOfAddress('张伟', null)).toBe('来信人');
    expect(formOfAddress(null, 'male')).toBe('来信人');
    expect(formOfAddress('', 'female')).toBe('来信人');
    expect(formOfAddress('John Smith', 'male')).toBe('来信人');
    expect(formOfAddress('刘先生', null)).toBe('刘先生');
  });

  it('reads the gender from an 18-digit ID number (17th digit odd: male)', () => {
    expect(genderFromIdNumber('440304199001011237')).toBe('male');
    expect(genderFromIdNumber('44030419900101124X')).toBe('female');
    expect(genderFromIdNumber('4403041990010112')).toBeNull();
    expect(genderFromIdNumber(null)).toBeNull();
  });
});

describe('fillTemplate', () => {
  it('fills what the case knows and leaves what only the officer knows as a marked blank', () => {
    const out = fillTemplate('{称呼}：您好！您于{来信日期}反映的{类别}问题（编号{编号}），{单位}已办理：{办理情况}。结论：{办理结果}。电话{咨询电话}。{not a placeholder!}', { ...facts, outcome: 'resolved' });
    expect(out).toBe('张先生：您好！您于2026年5月11日反映的治安管理问题（编号JB20260511000042），福田区分局已办理：【请填写：办理情况】。结论：已解决。电话【请填写：咨询电话】。{not a placeholder!}');
    expect(unfilledBlanks(out)).toEqual(['【请填写：办理情况】', '【请填写：咨询电话】']);
  });

  it('makes a blank of anything the case does not know', () => {
    const out = fillTemplate('{称呼}，{单位}，{类别}，{办理结果}', { number: 'JB1', receivedAt: new Date(0) });
    expect(out).toBe(`来信人，${blank('单位')}，${blank('类别')}，${blank('办理结果')}`);
  });

  it('formats the date in China Standard Time', () => {
    expect(zhDate(new Date('2026-01-01T15:59:59Z'))).toBe('2026年1月1日');
    expect(zhDate(new Date('2026-01-01T16:00:00Z'))).toBe('2026年1月2日');
  });
});

describe('unfilledBlanks', () => {
  it('finds the blanks and known placeholders left as they were, and nothing in a finished reply', () => {
    expect(unfilledBlanks('已处理。【请填写：办理情况】')).toEqual(['【请填写：办理情况】']);
    expect(unfilledBlanks('您的来信{编号}已处理')).toEqual(['{编号}']);
    expect(unfilledBlanks('【请填写】')).toEqual(['【请填写】']);
    expect(unfilledBlanks('经核查，已责令工地停止夜间施工。{其他}【注意】')).toEqual([]);
  });

  it('names the placeholders a template uses that the platform does not fill', () => {
    expect(unknownPlaceholders('{称呼}{咨询电话}{政策依据}{咨询电话}')).toEqual(['咨询电话', '政策依据']);
  });
});

describe('rankTemplates', () => {
  const t = (id: number, category: string | null, kind: 'feedback' | 'report', outcome: TemplateRow['outcome'], title = `t${id}`): TemplateRow => ({ id, category, kind, outcome, title });
  const all = [
    t(1, null, 'report', 'resolved'), t(2, 'public_order', 'report', 'resolved'), t(3, 'household', 'report', 'resolved'),
    t(4, null, 'report', null), t(5, 'public_order', 'report', 'explained'), t(6, null, 'feedback', null), t(7, 'public_order', 'feedback', null),
  ];
  it('keeps the kind and the category (or any), category-specific first, then the outcome asked for', () => {
    expect(rankTemplates(all, { kind: 'report', category: 'public_order', outcome: 'resolved' }).map((x) => x.id)).toEqual([2, 5, 1, 4]);
    expect(rankTemplates(all, { kind: 'report', category: 'public_order', outcome: 'explained' }).map((x) => x.id)).toEqual([5, 2, 4, 1]);
    expect(rankTemplates(all, { kind: 'feedback', category: 'public_order' }).map((x) => x.id)).toEqual([7, 6]);
    expect(rankTemplates(all, { kind: 'feedback', category: null }).map((x) => x.id)).toEqual([6]);
  });
});
