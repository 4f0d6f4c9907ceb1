import { describe, it, expect, beforeAll } from 'vitest';
import { train, predict, addExample, stratifiedFolds, termCounts, type Model } from '../../src/domain/router/classifier.js';
import { POLICE_SEED, POLICE_CATEGORIES } from '../../src/domain/router/police.js';

// Letters written for this test only (not in the seed): the router trained on the seed must place them.
const HELD_OUT: [string, string][] = [
  ['孩子的户口还没落，出生医学证明丢了，派出所户籍窗口说要先补证明，请问去哪里补？', 'household'],
  ['我的身份证快过期了，人在龙华上班，可以在附近派出所换领吗？要带户口本吗？', 'household'],
  ['积分入户审批通过了，准迁证怎么领取？老家的户口需要我自己回去迁出吗？', 'household'],
  ['想去香港看病，港澳通行证过期了，续办要多久，可以加急吗？', 'exit_entry'],
  ['护照办理需要预约吗？我想带孩子暑假出国旅游，孩子的护照第一次办。', 'exit_entry'],
  ['去澳门的个人旅游签注在自助机上办不了，提示我有未完成的业务。', 'exit_entry'],
  ['驾照年审体检去哪个医院都可以吗？我的驾驶证下个月到期要换证。', 'vehicle_license'],
  ['科目一考试预约不上，驾校说要等两个月，能不能多开一些考场？', 'vehicle_license'],
  ['外地车转入深圳上牌，车管所说要先做车辆检测，流程能不能简化？', 'vehicle_license'],
  ['福田区新洲路晚上违停太多，把自行车道都占了，请交警多来贴罚单。', 'traffic_order'],
  ['周末凌晨总有改装摩托车在滨海大道炸街，声音巨大，吵得全家睡不着。', 'traffic_order'],
  ['龙岗布吉路口早晚高峰堵得厉害，红绿灯配时不合理，请交警调整。', 'traffic_order'],
  ['楼下大排档每晚喝酒吵闹到凌晨，摔酒瓶打架，请派出所管管。', 'public_order'],
  ['我们楼有一套房被隔成十几间出租，群租房人员复杂，经常有人吵架。', 'public_order'],
  ['有人在小区里聚众赌博，还有人放高利贷，请公安查处。', 'public_order'],
  ['我奶奶今天上午在罗湖走失了，她记不清家在哪里，穿蓝色衣服，请帮忙找人。', 'missing_person'],
  ['寻亲：我1988年被拐卖到外地，只记得小时候住在深圳附近的村子，想找亲生父母。', 'missing_person'],
  ['儿子十六岁，和家里吵架后离家出走两天了，手机关机，请警方帮忙寻找。', 'missing_person'],
  ['在网上做刷单兼职被骗了两万块，对方说要完成三单才能提现，现在联系不上了。', 'fraud'],
  ['有人冒充银行客服说我的信用卡要降额，让我把钱转到指定账户，我转了五千。', 'fraud'],
  ['网友拉我进了一个投资群，说买虚拟货币稳赚，我投了二十万提不出来了。', 'fraud'],
  ['派出所民警接到报警后迟迟不出警，到了现场也不作为，我要投诉。', 'police_conduct'],
  ['交警执法时态度蛮横，还推了我一把，执法记录仪也没开。', 'police_conduct'],
  ['办案民警拖了半年不给答复，我问了多次都被推诿，请求执法监督。', 'police_conduct'],
  ['建议在地铁站和商场多放一些反诈宣传海报，提高市民防范意识。', 'suggestion'],
  ['感谢南山派出所民警耐心帮我补办证件，服务很好，特此表扬。', 'suggestion'],
  ['建议派出所办证大厅周末也开放，方便上班族办理业务。', 'suggestion'],
  ['小区物业不给业主开发票，停车费还乱涨价，应该找哪个部门？', 'other'],
  ['路边下水道堵了好几天，污水横流，市政能不能来修一下？', 'other'],
  ['我想问一下公积金提取需要哪些材料。', 'other'],
];

let model: Model;
beforeAll(() => {
  model = train(POLICE_SEED);
});

describe('police seed', () => {
  it('covers the ten default categories with about 25 letters each', () => {
    expect(POLICE_CATEGORIES).toEqual(['household', 'exit_entry', 'vehicle_license', 'traffic_order', 'public_order', 'missing_person', 'fraud', 'police_conduct', 'suggestion', 'other']);
    for (const c of POLICE_CATEGORIES) expect(POLICE_SEED.filter((e) => e.label === c).length).toBeGreaterThanOrEqual(24);
    expect(new Set(POLICE_SEED.map((e) => e.text)).size).toBe(POLICE_SEED.length);
  });
  it('places ≥ 90% of held-out police letters in the right category', () => {
    const wrong = HELD_OUT.filter(([text, label]) => predict(model, text).label !== label)
      .map(([text, label]) => `${label} → ${predict(model, text).label}: ${text}`);
    expect(wrong.length / HELD_OUT.length, wrong.join('\n')).toBeLessThanOrEqual(0.1);
  });
});

describe('predict', () => {
  it('returns a ranking of every label that sums to 1, the winner first', () => {
    const p = predict(model, '丽康路违停严重，请交警处理');
    expect(p.label).toBe('traffic_order');
    expect(p.ranking).toHaveLength(model.labels.length);
    expect(p.ranking[0]).toEqual({ label: p.label, score: p.confidence });
    for (let i = 1; i < p.ranking.length; i++) expect(p.ranking[i - 1].score).toBeGreaterThanOrEqual(p.ranking[i].score);
    expect(p.ranking.reduce((s, r) => s + r.score, 0)).toBeCloseTo(1, 6);
  });
  it('is more confident about a clear letter than a vague one', () => {
    const clear = predict(model, '晚上有人炸街飙车，改装车噪音太大，交警能不能夜查违停和飙车').confidence;
    const vague = predict(model, '你好，我想问一下这个事情怎么办').confidence;
    expect(clear).toBeGreaterThan(vague);
    expect(clear).toBeGreaterThan(0.5);
  });
  it('explains with the terms that decided', () => {
    const p = predict(model, '南山区丽康路违停严重，晚上还有人炸街');
    expect(p.explanation.length).toBeGreaterThan(0);
    expect(p.explanation.length).toBeLessThanOrEqual(5);
    const terms = p.explanation.map((e) => e.term).join(' ');
    expect(terms).toMatch(/违停|炸街/);
    for (let i = 1; i < p.explanation.length; i++) expect(p.explanation[i - 1].weight).toBeGreaterThanOrEqual(p.explanation[i].weight);
    for (const e of p.explanation) expect(e.weight).toBeGreaterThan(0);
  });
  it('answers for empty text without throwing', () => {
    const p = predict(model, '');
    expect(model.labels).toContain(p.label);
    expect(p.explanation).toEqual([]);
  });
  it('fits a temperature on held-out folds', () => {
    expect(model.temperature).toBeGreaterThan(0);
    expect(model.temperature).not.toBe(1);
  });
});

describe('model', () => {
  it('survives a JSON round trip with identical predictions', () => {
    const copy = JSON.parse(JSON.stringify(model)) as Model;
    for (const [text] of HELD_OUT.slice(0, 10)) expect(predict(copy, text)).toEqual(predict(model, text));
  });
  it('learns online from a correction (addExample) and from a new label', () => {
    const m = JSON.parse(JSON.stringify(model)) as Model;
    const text = '小区门口的共享单车堆成山，没人清理';
    for (let i = 0; i < 5 && predict(m, text).label !== 'other'; i++) addExample(m, { text, label: 'other' });
    expect(predict(m, text).label).toBe('other');
    addExample(m, { text: '无人机在机场附近黑飞', label: 'drone' });
    expect(m.labels).toContain('drone');
    expect(m.weights).toHaveLength(m.labels.length);
    expect(predict(m, '无人机在机场附近黑飞').ranking.map((r) => r.label)).toContain('drone');
  });
  it('weighs the subject line (first line) more than the body', () => {
    const c = termCounts('违停\n炸街', { ngrams: [], words: true, titleWeight: 3 });
    expect(c.get('w:违停')).toBe(3);
    expect(c.get('w:炸街')).toBe(1);
  });
  it('rejects an empty training set', () => {
    expect(() => train([])).toThrow();
  });
});

describe('stratifiedFolds', () => {
  it('spreads every label evenly over the folds', () => {
    const labels = POLICE_SEED.map((e) => e.label);
    const folds = stratifiedFolds(labels, 5, 3);
    for (const c of POLICE_CATEGORIES) {
      const sizes = [0, 1, 2, 3, 4].map((f) => labels.filter((l, i) => l === c && folds[i] === f).length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
});
