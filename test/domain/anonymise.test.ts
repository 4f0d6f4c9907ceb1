// Anonymisation for publication (domain/text/redact.ts anonymise) and its independent second pass
// (findPersonalData), on letters full of personal data.
import { describe, expect, it } from 'vitest';
import { anonymise, findPersonalData, narrowWidth } from '../../src/domain/text/redact.js';
import { composeTypicalCase, summarise } from '../../src/domain/typicalCases.js';

/** Every piece of personal data in the letters below, as it must not survive. */
export const SECRETS = [
  '张伟', '王小明', '李建国', '陈秀英', '张先生', '王女士', '李先生', '钱师傅',
  '13800138000', '139 0013 9000', '13700137000', '137-0013-7000', '15912345678', '１５９１２３４５６７８',
  '44030419900101123X', '44030419900101123x', '440304 19900101 123X', '110105198001010029',
  '京A12345', '粤B·D12345', '粤BD12345', '沪C 88888', '浙A·F1234挂',
  'zhangwei@example.com', 'wxm.2026@mail.qq.com',
  '0755-83331234', '(010)12345678', '6222021234567890123', '6222 0212 3456 7890',
  'QQ：12345678', 'wxid_abc123',
  '3栋', '2单元', '501室', '88号', '1201', '3-2-501', 'A座', '阳光花园', '某某小区', '18楼', '七栋',
];

const LETTERS = [
  '我叫张伟，身份证号44030419900101123X（也有写成44030419900101123x、440304 19900101 123X的），手机13800138000，备用139 0013 9000，'
  + '家住深圳市福田区某某小区3栋2单元501室。邻居王小明（电话+86 137-0013-7000，邮箱wxm.2026@mail.qq.com）每晚在楼下飙车，他的车牌是粤B·D12345，'
  + '另一辆京A12345经常停在建国路88号门口。王女士也反映过。',
  '本人陈秀英，身份证110105198001010029，联系电话13700137000、座机0755-83331234或(010)12345678，住南山区阳光花园A座1201。'
  + '李先生的车沪C 88888和浙A·F1234挂长期占用消防通道。我的邮箱zhangwei@example.com，QQ：12345678，微信号wxid_abc123。',
  '被冒充客服骗走5万元，转账到6222021234567890123和6222 0212 3456 7890，对方手机１５９１２３４５６７８、15912345678。'
  + '我住罗湖区东门路100号3-2-501，联系人：李建国。钱师傅也被骗了。地址：华润城七栋18楼粤BD12345车主。',
];
const WRITERS = ['张伟', '陈秀英'];

describe('anonymise', () => {
  it('leaves none of the personal data in letters full of it, and the second pass finds nothing', () => {
    for (const letter of LETTERS) {
      expect(findPersonalData(letter, { names: WRITERS }).length).toBeGreaterThan(3);
      const out = anonymise(letter, { names: WRITERS, otherNames: ['李建国'] });
      for (const s of SECRETS) expect(narrowWidth(out), `“${s}” survived in: ${out}`).not.toContain(narrowWidth(s));
      expect(findPersonalData(out, { names: WRITERS, otherNames: ['李建国'] }), out).toEqual([]);
    }
  });

  it('keeps the district and the road, and what is not personal: dates, amounts, hotlines, metro lines', () => {
    const out = anonymise('2026年5月3号晚上，福田区建国路88号3栋的酒吧噪音扰民，被罚款2000元、涉案1200000元，已拨打110和12345，地铁3号线出口。', { names: [] });
    expect(out).toBe('2026年5月3号晚上，福田区建国路[详细地址]的酒吧噪音扰民，被罚款2000元、涉案1200000元，已拨打110和12345，地铁3号线出口。');
  });

  it('keeps the sentence around a compound name, and words that only look like addresses', () => {
    expect(anonymise('我家住在阳光花园3栋，旁边有一座桥，买了新iPhone。')).toBe('我家住在[详细地址]，旁边有一座桥，买了新iPhone。');
  });

  it('learns a name the letter gives away by a relation word and removes it everywhere', () => {
    expect(anonymise('邻居王小明，每晚喧哗。已对王小明批评教育。邻居高声喧哗。')).toBe('邻居某某，每晚喧哗。已对某某批评教育。邻居高声喧哗。');
  });

  it('replaces the writers with 来信人, other known people with 某某, and any surname with an honorific', () => {
    expect(anonymise('张伟反映，张先生的邻居赵丽和孙警官都看到了', { names: ['张伟'], otherNames: ['赵丽'] })).toBe('来信人反映，来信人的邻居某某和某警官都看到了');
    expect(anonymise('我叫刘德华，联系人：周杰、林俊')).toBe('我叫[姓名]，联系人：[姓名]');
  });
});

describe('findPersonalData', () => {
  it('catches what a careless edit lets through: spaced digits, any e-mail, odd plates, house numbers, names', () => {
    const kinds = (s: string, names: string[] = []) => findPersonalData(s, { names }).map((f) => f.kind);
    expect(kinds('电话 1 3 8 0 0 1 3 8 0 0 0')).toEqual(['number']);
    expect(kinds('mail: a.b (at) example.com')).toEqual(['email']);
    expect(kinds('车牌 粤 B - 12345')).toEqual(['plate']);
    expect(kinds('住 3 栋 501室')).toEqual(['address', 'address']);
    expect(kinds('王小明来信', ['王小明'])).toEqual(['name']);
    expect(kinds('王先生来信', ['王小明'])).toEqual(['name', 'name']);
    expect(kinds('福田区建国路[详细地址]，罚款2000元，2026年5月3号，110')).toEqual([]);
  });

  it('masks what it reports', () => {
    expect(findPersonalData('13800138000')[0].sample).toBe('1********0');
  });
});

describe('composeTypicalCase', () => {
  it('is the anonymised letter, the district, the unit, the outcome and the reply', () => {
    const text = composeTypicalCase({
      title: '张伟反映小区噪音', content: LETTERS[0], reply: '张先生您好，经民警李明核查，已对王小明批评教育。如有疑问请致电0755-83331234。',
      outcome: 'resolved', districtName: '福田区', categoryName: '治安管理', unitName: '福田区分局',
    }, { names: ['张伟'], otherNames: ['李明'] });
    expect(text).toContain('【来信】来信人反映小区噪音');
    expect(text).toContain('【概况】类别：治安管理；辖区：福田区；办理单位：福田区分局；办理结果：已解决');
    expect(text).toContain('【答复】来信人您好，经民警某某核查');
    for (const s of [...SECRETS, '李明']) expect(text).not.toContain(s);
  });

  it('summarises long texts at a sentence end', () => {
    expect(summarise('第一句话很长。第二句很长很长。第三句', 12)).toBe('第一句话很长。……');
    expect(summarise('短。第二句很长很长很长很长', 10)).toBe('短。第二句很长很长很……');
    expect(summarise('短文本', 10)).toBe('短文本');
  });
});
