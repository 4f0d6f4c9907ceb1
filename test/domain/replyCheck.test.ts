// The reply check (domain/reply/check.ts): good and bad replies in the style police units write,
// each finding proven on a reply that has it and absent from one that does not.
import { describe, expect, it } from 'vitest';
import { checkReply, FINDING_CODES, type ReplyCheckInput, type FindingCode } from '../../src/domain/reply/check.js';
import { personalData } from '../../src/domain/reply/leaks.js';
import { keyWords, placeMentions } from '../../src/domain/reply/relevance.js';
import { WEIGHTS, CAPS } from '../../src/domain/reply/weights.js';

const PARKING = {
  title: '丽康路长期违停',
  content: '南山区丽康路两侧长期违停，早晚高峰严重拥堵，车辆粤B12345天天停在人行道上，希望交警加强管理。',
  address: '深圳市南山区丽康路',
  type: 'complaint',
};
const NOISE = {
  title: '东门酒吧噪音扰民',
  content: '罗湖区东门路88号楼下酒吧每晚噪音到凌晨三点，严重影响休息，多次报警无果。',
  address: '罗湖区东门路88号',
  type: 'complaint',
};
const WRITER = { name: '刘伟', phone: '13900139002', idNumber: '440304199001011237' };

const GOOD_REPORT =
  '刘先生您好！您反映的南山区丽康路两侧长期违停、早晚高峰拥堵的问题已收悉。经我大队核查，情况属实。' +
  '我大队已于3月5日起在丽康路早晚高峰安排警力定点执勤，依据《中华人民共和国道路交通安全法》第九十三条对违停车辆进行查处，' +
  '共查处违停车辆56辆，并协调街道在丽康路东侧增设临时停车位30个，目前该路段通行已明显改善。' +
  '如您还有疑问，可拨打南山交警大队电话0755-26543210咨询，我们也将进行回访。感谢您对公安交通管理工作的理解与支持！';

const run = (content: string, over: Partial<ReplyCheckInput> = {}) =>
  checkReply({ content, kind: 'report', letter: PARKING, writer: WRITER, ...over });
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);
const proven = new Set<FindingCode>();
/** Asserts the finding is there (and records that it was proven). */
function expectFinding(r: { findings: { code: FindingCode; message: string }[] }, code: FindingCode, message?: RegExp) {
  const f = r.findings.find((x) => x.code === code);
  expect(f, `${code} in ${JSON.stringify(codes(r))}`).toBeDefined();
  expect(f!.message).toMatch(/[\u4e00-\u9fa5]/);
  if (message) expect(f!.message).toMatch(message);
  proven.add(code);
}

describe('a good closing report', () => {
  it('scores high with no finding', () => {
    const r = run(GOOD_REPORT);
    expect(codes(r)).toEqual([]);
    expect(r.score).toBeGreaterThanOrEqual(0.9);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(r.relevance.subjectNamed).toBe(true);
  });

  it('scores far above the boilerplate a unit might send instead', () => {
    const bad = run('已处理。');
    expect(bad.score).toBeLessThanOrEqual(0.3);
    expect(run(GOOD_REPORT).score - bad.score).toBeGreaterThan(0.6);
  });
});

describe('length and relevance', () => {
  it('length.short: too short to say anything, and capped', () => {
    const r = run('已处理。');
    expectFinding(r, 'length.short', /过短/);
    expect(r.score).toBeLessThanOrEqual(CAPS['length.short']!);
    expect(codes(run(GOOD_REPORT))).not.toContain('length.short');
  });

  it('relevance.low: a polished reply to another letter answers nothing of this one', () => {
    const r = run(GOOD_REPORT, { letter: NOISE });
    expectFinding(r, 'relevance.low', /关联度低/);
    expect(r.parts.relevance).toBeLessThan(run(GOOD_REPORT).parts.relevance);
    expect(r.score).toBeLessThan(run(GOOD_REPORT).score);
  });

  it('relevance.noSubject: the letter’s place is never named', () => {
    const r = run('您好！经核查，您反映的违停情况属实，我大队已依据《道路交通安全法》对违停车辆进行查处，目前已整改到位。如有疑问可拨打0755-26543210。感谢您的支持！',
      { letter: { ...NOISE, title: '路边酒吧噪音', content: '东门路酒吧每晚噪音到凌晨。' } });
    expectFinding(r, 'relevance.noSubject', /东门路/);
  });

  it('finds the letter’s key words and places', () => {
    expect(keyWords(PARKING.title, PARKING.content).map((k) => k.word)).toEqual(expect.arrayContaining(['丽康路', '违停']));
    expect(placeMentions('投诉东门路88号楼下酒吧，还有线路问题').flat()).toEqual(expect.arrayContaining(['东门路']));
    expect(placeMentions('投诉线路问题和马路问题').flat()).toEqual([]);
  });
});

describe('completeness', () => {
  it('completeness.noAction / noResult / noBasis / noFollowUp: a report that only sympathises', () => {
    const r = run('刘先生您好！您反映的丽康路违停问题我们非常理解，丽康路早晚高峰确实比较拥堵，这个情况我们知道了。感谢您的来信！');
    expectFinding(r, 'completeness.noAction', /做了什么/);
    expectFinding(r, 'completeness.noResult', /结果/);
    expectFinding(r, 'completeness.noBasis', /依据/);
    expectFinding(r, 'completeness.noFollowUp', /如有疑问|后续/);
    expect(r.parts.completeness).toBe(0);
  });

  it('an interim feedback owes what was done and the next step, not a result or basis yet', () => {
    const fb = '您好，已收到您反映的丽康路违停问题，我大队已安排民警到丽康路现场核查，将于3个工作日内答复处理结果。感谢您的支持！';
    const r = checkReply({ content: fb, kind: 'feedback', letter: PARKING, writer: WRITER });
    expect(codes(r)).toEqual([]);
    expect(r.parts.completeness).toBe(1);
    const vague = checkReply({ content: '您好，您反映的丽康路违停问题我们已知悉。感谢您的来信！', kind: 'feedback', letter: PARKING, writer: WRITER });
    expect(codes(vague)).toEqual(expect.arrayContaining(['completeness.noAction', 'completeness.noFollowUp']));
    expect(codes(vague)).not.toContain('completeness.noResult');
  });

  it('a consultation is answered: the answer and its basis, no action needed', () => {
    const letter = { title: '港澳通行证签注怎么办理', content: '请问在深圳工作的外地户籍人员能否在深圳办理港澳通行证签注？需要什么材料？', type: 'consult' };
    const answer = '您好！根据《内地居民往来港澳通行证签注管理规定》，在深圳工作并缴纳社保的非深户籍人员可以在深圳出入境窗口办理港澳通行证签注，需携带身份证和社保证明。如有疑问可拨打出入境咨询电话0755-84465490。感谢您的来信！';
    const r = checkReply({ content: answer, kind: 'report', letter, writer: WRITER });
    expect(codes(r)).toEqual([]);
    const noAnswer = checkReply({ content: '您好！您咨询的外地户籍人员在深圳签注港澳通行证的问题已收悉，我们会认真研究，感谢您的来信！', kind: 'report', letter, writer: WRITER });
    expectFinding(noAnswer, 'completeness.noResult', /咨询/);
    expect(codes(noAnswer)).not.toContain('completeness.noAction');
  });
});

describe('timeliness', () => {
  const due = new Date('2026-03-20T00:00:00+08:00');
  it('timeliness.late: a report after the closing limit, with how late', () => {
    const r = run(GOOD_REPORT, { timing: { limit: 'close', at: new Date('2026-03-23T00:00:00+08:00'), dueAt: due } });
    expectFinding(r, 'timeliness.late', /办结时限.*3天/);
    expect(r.parts.timeliness).toBe(0);
    const fb = checkReply({ content: GOOD_REPORT, kind: 'feedback', letter: PARKING, timing: { limit: 'firstFeedback', at: new Date(due.getTime() + 5 * 3600_000), dueAt: due } });
    expectFinding(fb, 'timeliness.late', /首次反馈时限.*5小时/);
  });
  it('on time, or with no limit known, is no finding', () => {
    expect(codes(run(GOOD_REPORT, { timing: { limit: 'close', at: new Date(due.getTime() - 1), dueAt: due } }))).toEqual([]);
    expect(codes(run(GOOD_REPORT, { timing: null }))).toEqual([]);
  });
});

describe('tone', () => {
  it('tone.blameShift: "不属于我单位职责" and "请自行联系" without naming who is responsible', () => {
    const r = run('您好，您反映的丽康路违停问题不属于我单位职责，请自行联系相关部门。谢谢！');
    expectFinding(r, 'tone.blameShift', /请自行联系/);
    const r2 = run('您好，经了解，您反映的丽康路问题不属于我局管辖，感谢您的来信。');
    expectFinding(r2, 'tone.blameShift', /不属于我局管辖.*负责/);
  });

  it('saying who is responsible is no blame-shifting', () => {
    const r = run('您好！经核实，您反映的丽康路人行道占道经营问题不属于我局管辖，属于南山区城市管理和综合执法局的职责，我局已于3月5日将您的来信转交该局办理，您也可向南山区城管局反映，电话0755-26661234。感谢您的理解与支持！');
    expect(codes(r)).not.toContain('tone.blameShift');
  });

  it('tone.curt: dismissive wording', () => {
    const r = run('丽康路违停我们已经处理过很多次了，别再打电话投诉了，无可奉告。');
    expectFinding(r, 'tone.curt', /语气生硬/);
  });

  it('tone.noCourtesy: no greeting, no thanks', () => {
    const r = run('经我大队核查，丽康路违停情况属实，已依据《道路交通安全法》第九十三条查处违停车辆56辆，路段通行已明显改善。如有疑问可拨打0755-26543210。');
    expectFinding(r, 'tone.noCourtesy', /问候语.*致谢语/);
    expect(r.parts.tone).toBeCloseTo(0.7);
    const half = run('您好！经我大队核查，丽康路违停情况属实，已依据《道路交通安全法》第九十三条查处违停车辆56辆，路段通行已明显改善。如有疑问可拨打0755-26543210。');
    expectFinding(half, 'tone.noCourtesy', /致谢语/);
    expect(half.findings.find((f) => f.code === 'tone.noCourtesy')!.message).not.toMatch(/问候语/);
  });
});

describe('leaks', () => {
  it('leak.personalData: another person’s mobile and name, and a plate the letter never gave', () => {
    const r = run(`${GOOD_REPORT}另，同时反映此事的车主王建国（电话13812345678）的车辆粤B99999已被拖移。`);
    expectFinding(r, 'leak.personalData', /他人的手机号/);
    expect(r.findings.find((f) => f.code === 'leak.personalData')!.message).toMatch(/车牌号.*他人的姓名|他人的姓名.*车牌号/);
    expect(r.score).toBeLessThanOrEqual(CAPS['leak.personalData']!);
  });

  it('leak.personalData: the writer’s own full ID number', () => {
    const r = run(`${GOOD_REPORT}您的身份证号440304199001011237已登记。`);
    expectFinding(r, 'leak.personalData', /来信人的完整身份证号/);
  });

  it('leak.personalData: the writer of a merged letter, or another person as 王女士', () => {
    expectFinding(run(`${GOOD_REPORT}陈静也反映了同样的问题。`, { otherNames: ['陈静'] }), 'leak.personalData', /其他来信人的姓名/);
    expectFinding(run(`${GOOD_REPORT}王女士也反映了同样的问题。`), 'leak.personalData', /他人的姓名/);
  });

  it('what the letter gave, an official contact number, the writer as 刘先生 and 张某 are no leaks', () => {
    const r = run(`${GOOD_REPORT}您反映的粤B12345车辆已被处罚，当事人张某已接受处理。承办民警联系电话13700001111。`);
    expect(codes(r)).not.toContain('leak.personalData');
  });

  it('leak.internal: an internal note pasted into the reply', () => {
    const r = run(`${GOOD_REPORT}领导批示：尽快办结，此件不宜公开。`);
    expectFinding(r, 'leak.internal', /内部/);
    expect(r.score).toBeLessThanOrEqual(CAPS['leak.internal']!);
  });

  it('recovers the values redact() finds', () => {
    expect(personalData('电话13812345678，车牌粤B99999，身份证440304199001011237。').map((m) => [m.kind, m.value]))
      .toEqual([['mobile', '13812345678'], ['plate', '粤B99999'], ['id', '440304199001011237']]);
    expect(personalData('没有个人信息。')).toEqual([]);
  });
});

describe('a template left unfilled', () => {
  it('draft.placeholder: costs its penalty', () => {
    const r = run(GOOD_REPORT.replace('刘先生您好', '{来信人称呼}您好'));
    expectFinding(r, 'draft.placeholder', /来信人称呼/);
    expect(r.score).toBeLessThan(run(GOOD_REPORT).score);
  });
});

describe('the score', () => {
  it('weights add up to one, and every score is between 0 and 1 with two decimals', () => {
    expect(Object.values(WEIGHTS).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 10);
    for (const text of ['', '。', GOOD_REPORT, '请自行联系。'.repeat(50), `领导批示：${'13812345678 '.repeat(20)}`]) {
      const r = run(text);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(Math.round(r.score * 100) / 100).toBe(r.score);
    }
  });

  it('is the same for the same input (pure)', () => {
    expect(run(GOOD_REPORT)).toEqual(run(GOOD_REPORT));
  });

  it('every finding code was proven above', () => {
    expect(FINDING_CODES.filter((c) => !proven.has(c))).toEqual([]);
  });
});
