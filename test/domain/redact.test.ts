// Personal data out of prose (domain/text/redact.ts), and the FAQ draft of a group of answered letters.
import { describe, expect, it } from 'vitest';
import { redact, hasPersonalData } from '../../src/domain/text/redact.js';
import { draftFaq } from '../../src/domain/faqSuggestions.js';
import { segment, charNgrams } from '../../src/domain/text/lexicon.js';

describe('redact', () => {
  it('removes mobiles, ID numbers, plates, e-mail addresses and known names', () => {
    const text = '王小明（身份证440304199001011237，手机138 0013 8000，+86-13900139000）的车粤B·D12345和京A12345挂，邮箱wxm@example.com。王先生请到窗口办理。';
    const out = redact(text, { names: ['王小明', null, '李'] });
    expect(out).toBe('来信人（身份证[身份证号]，手机[手机号]，[手机号]）的车[车牌号]和[车牌号]挂，邮箱[邮箱]。来信人请到窗口办理。');
    expect(hasPersonalData(text)).toBe(true);
    expect(hasPersonalData(out)).toBe(false);
  });

  it('leaves numbers that are not personal: case numbers, hotlines, amounts, dates', () => {
    const text = '案件JB20260315000123已办结，可拨打110或12345，罚款200元，2026年3月15日前办理，电话0755-84465000。';
    expect(redact(text)).toBe(text);
    expect(hasPersonalData(text)).toBe(false);
  });
});

describe('draftFaq', () => {
  const words = (t: string) => [...segment(t), ...charNgrams(t, [2])];
  const base = { category: 'household' as string | null };
  it('takes the title most like the group and the answer given most often, without the writers', () => {
    const d = draftFaq([
      { ...base, id: 3, title: '换领身份证要带什么', content: '身份证快到期了，换领需要什么材料？', answer: '张伟您好，请携带原证到派出所换领。', writer: '张伟' },
      { ...base, id: 1, title: '身份证到期换领需要什么材料', content: '身份证到期了，换领新身份证需要什么材料？', answer: '刘芳您好，请携带原证到派出所换领。', writer: '刘芳' },
      { ...base, id: 2, title: '咨询', content: '身份证到期换领要去哪里？', answer: '请到派出所。电话13800138000', writer: '陈静', category: null },
    ], words);
    expect(d).toEqual({ question: '身份证到期换领需要什么材料', answer: '来信人您好，请携带原证到派出所换领。', category: 'household', caseIds: [1, 2, 3], size: 3 });
  });
});
