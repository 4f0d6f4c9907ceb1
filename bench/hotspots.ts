// `npm run bench:hotspots`: hot-issue grouping over the 4,326 real messages of
// ../shared/data/gov-messages/hot.jsonl, pairwise F1 on a hand-written labelled set of police
// letters, and early-warning detection time for 100 keys × 90 days.
//
// The labelled set, the simple tokenizer and the F1 live here (exported) so the unit tests check
// exactly what the bench reports. The real tokenizer is passed in by the caller in production.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { groupHotspots, type Hotspot, type LetterForGrouping } from '../src/domain/hotspots.js';
import { detectAlerts } from '../src/domain/alerts.js';

/** Character bigrams of Han runs (a lone Han character stands for itself) plus Latin/digit runs. */
export function bigramTokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/\p{Script=Han}+|[a-z0-9]+/gu)) {
    const run = m[0];
    if (!/\p{Script=Han}/u.test(run[0])) {
      out.push(run);
      continue;
    }
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hand-written police letters: six concrete problems in different words, and unrelated letters,
// some deliberately close (违停 on another road, noise from a bar, a fraud of another kind).

interface Labelled {
  group: string | null; // null = belongs to no hot issue
  district: string | null;
  category: string | null;
  place?: string | null;
  text: string;
}

const G = (group: string, district: string | null, category: string, place: string, texts: string[]): Labelled[] =>
  texts.map((text) => ({ group, district, category, place, text }));

export const SYNTHETIC_GROUPS: Labelled[] = [
  ...G('likang-parking', '南山区', 'traffic', '丽康路', [
    '丽康路上每天晚上都有大量车辆违停，把非机动车道全部占满，骑电动车只能走机动车道，非常危险。',
    '南山区丽康路乱停车现象严重，车子停在路边两排，早高峰公交车都过不去，希望交警来贴罚单。',
    '反映丽康路违章停车问题：小区门口到学校一段全是违停的私家车，接送孩子极不方便。',
    '丽康路路边长期停满车，有的还停在人行道上，行人只能绕到马路上走，请交警加强整治。',
    '投诉丽康路违停，车辆占道停放导致道路拥堵，多次打电话反映没有效果。',
    '丽康路靠近地铁站那段，晚上乱停乱放的车辆太多了，双向通行变成单向，什么时候能管管？',
    '丽康路违停太严重了，消防通道都被堵死，万一着火消防车根本进不来。',
    '希望在丽康路安装违停抓拍摄像头，现在路两边停满了车，开车经过要等好久。',
  ]),
  ...G('jinxiu-night-works', '龙岗区', 'noise', '锦绣华庭', [
    '锦绣华庭旁边的工地每天晚上十二点以后还在施工，打桩声音震耳欲聋，根本睡不着。',
    '投诉锦绣华庭小区附近工地夜间施工扰民，凌晨两点还有泥头车进出，噪音很大。',
    '龙岗区锦绣华庭对面工地半夜开工，机器轰鸣，老人孩子都被吵醒，请派人查处。',
    '锦绣华庭业主反映：隔壁建筑工地连续一周深夜作业，严重影响居民休息。',
    '晚上十一点后锦绣华庭边上的工地还在浇筑混凝土，请问有没有夜间施工许可？',
    '锦绣华庭附近施工噪音扰民，夜里电钻和搅拌机声音不断，希望尽快制止。',
    '我住在锦绣华庭，楼下工地天天夜里施工，已经连续失眠好几天了。',
  ]),
  ...G('dongmen-ebikes', '罗湖区', 'public_order', '东门步行街', [
    '东门步行街里电动车横冲直撞，人那么多，刚才差点撞到小孩。',
    '罗湖区东门步行街每天有很多外卖电动车在人群中穿行，速度很快，希望禁止电动车进入。',
    '东门步行街不是禁止机动车和电动车吗？为什么还有那么多电瓶车在里面骑，没有人管。',
    '反映东门步行街电动自行车乱窜问题，周末游客多，非常危险。',
    '东门步行街电动车太多了，还逆行按喇叭，建议在入口设卡拦截。',
    '在东门步行街被一辆快递电动车撞了，车主跑了，请加强步行街电动车管理。',
  ]),
  ...G('binhe-racing', '福田区', 'public_order', '滨河大道', [
    '每到周末深夜，滨河大道上就有人开改装跑车飙车，排气管炸响，整条街都能听见。',
    '投诉滨河大道炸街，凌晨一两点摩托车轰油门，声音像放炮一样，吵得无法入睡。',
    '福田区滨河大道经常有改装车深夜竞速，速度极快，非常危险，请交警查处。',
    '滨河大道半夜飙车的太猖狂了，几辆跑车来回狂飙，发动机轰鸣声把人吓醒。',
    '希望严厉打击滨河大道夜间炸街行为，这些改装排气的车辆严重扰民。',
    '住在滨河大道旁边，几乎每天晚上都有飙车党，轰隆隆的声浪让人崩溃。',
    '滨河大道凌晨有人骑大排量摩托飙车，还故意制造爆响，已经持续一个多月了。',
  ]),
  // A scam wave crosses districts: the text must carry it, district boosts must not split it.
  ...[
    ['宝安区', '接到自称淘宝客服的电话，说我买的衣服有质量问题要给我退款，让我下载一个APP操作，结果被骗走了八千元。'],
    ['南山区', '有人冒充京东客服打电话，说我的账户开通了百万保障服务要扣费，让我转账取消，损失两万。'],
    [null, '冒充快递客服说包裹丢失要理赔，诱导我开屏幕共享，银行卡里的钱被转走了，请警方帮忙追回。'],
    ['龙岗区', '今天接到假客服电话，对方准确说出我的订单号和地址，说要退款，让我在借呗上借钱转给他，被骗五千。'],
    [null, '反映冒充电商平台客服诈骗：以退款理赔为由，让下载会议软件共享屏幕，我母亲被骗了三万。'],
    ['福田区', '自称抖音客服的人说我开通了会员每月自动扣费，需要取消，引导我转账到所谓安全账户，才发现被骗。'],
    ['宝安区', '客服退款诈骗太多了，我同事也被冒充客服骗了，希望警方加强宣传打击。'],
  ].map(([district, text]): Labelled => ({ group: 'fake-service-scam', district, category: 'fraud', place: null, text: text! })),
  ...G('xingfuli-charging', '宝安区', 'fire_safety', '幸福里小区', [
    '幸福里小区有居民从楼上拉电线下来给电动车充电，电线挂在窗外，存在严重火灾隐患。',
    '宝安区幸福里小区楼道里停满电动车，晚上还在楼道里充电，一旦起火后果不堪设想。',
    '投诉幸福里小区飞线充电，好几栋楼都有人私拉电线充电瓶车，物业不管。',
    '幸福里小区电动车在楼道内充电的情况屡禁不止，消防通道被堵，请派出所上门检查。',
    '我们幸福里小区一楼住户把电动车推进楼梯间充电，插线板就放地上，太危险了。',
    '幸福里小区私拉乱接电线给电动车充电，电线横跨过道，小孩经过容易触电。',
  ]),
];

const U = (district: string | null, category: string, text: string): Labelled => ({ group: null, district, category, text });

export const SYNTHETIC_UNRELATED: Labelled[] = [
  U('南山区', 'household', '请问办理居住证需要哪些材料？在哪个派出所可以办理？'),
  U('福田区', 'household', '我的身份证丢了，在外地能不能补办？需要多久能拿到？'),
  U('龙岗区', 'household', '孩子出生后上户口需要准备什么证件，父母一方是外地户籍可以吗？'),
  U('罗湖区', 'exit_entry', '咨询港澳通行证续签是否可以网上办理，需不需要本人到场。'),
  U('福田区', 'theft', '昨天在地铁上手机被偷了，已经报警但一直没有消息，希望能加快调查。'),
  U('龙岗区', 'theft', '我在菜市场被扒窃了钱包，里面有身份证和银行卡，请帮忙调取监控。'),
  U('宝安区', 'dispute', '邻居家的狗每天乱叫还不拴绳，已经咬伤过人，请派出所协调处理。'),
  U('南山区', 'dispute', '楼上住户经常往楼下扔垃圾，砸坏了我家的雨棚，多次沟通无果。'),
  U('南山区', 'traffic', '建议在学府路和科苑路交叉口增加红绿灯时长，老人过马路时间不够。'),
  U('福田区', 'traffic', '深南大道与华强北路口的信号灯坏了两天了，交通很乱，请尽快维修。'),
  U('罗湖区', 'praise', '感谢城东派出所的民警帮我找回了走失的老人，服务态度非常好。'),
  U('福田区', 'praise', '表扬交警大队的王警官，雨天在路口指挥交通，非常辛苦。'),
  U('南山区', 'fraud', '我在网上投资理财平台充值后无法提现，平台也联系不上，怀疑是非法集资。'),
  U('宝安区', 'dispute', '朋友借了我五万块钱不还，现在电话也不接，可以报警吗？'),
  U('南山区', 'noise', '滨海路一家酒吧每天放音乐到凌晨，低音炮震得玻璃都响。'),
  U('南山区', 'traffic', '华侨城附近的马路上违停车辆较多，建议增加停车位。'),
  U('宝安区', 'public_order', '反映西乡街道一个网吧允许未成年人上网，经常有学生逃课去玩。'),
  U('龙岗区', 'public_order', '公园里有人钓鱼还电鱼，破坏生态，请相关部门管一管。'),
  U('福田区', 'theft', '我的车在小区停车场被人划了，物业说监控坏了，希望警方介入。'),
  U('罗湖区', 'traffic', '驾驶证到期换证需要体检吗？可以在哪里办理？'),
  U('龙岗区', 'household', '咨询一下无犯罪记录证明怎么开，需要本人去户籍所在地吗？'),
  U('宝安区', 'public_order', '小区门口经常有人发小广告、贴牛皮癣，影响市容。'),
  U('南山区', 'theft', '我的快递被人冒领了，快递公司推卸责任，该怎么办？'),
  U('龙岗区', 'public_order', '新开的KTV门口每天晚上聚集很多人喝酒闹事，担心出安全问题。'),
  U('福田区', 'police_conduct', '投诉某派出所民警接警后态度冷淡，拖了三天才受理。'),
  U('罗湖区', 'traffic', '希望在实验小学门口增派警力，放学时段交通秩序混乱。'),
  U('宝安区', 'fraud', '有陌生人在小区里挨家挨户推销保健品，老人容易上当。'),
  U('龙岗区', 'traffic', '高速公路上有货车超载，撒落砂石，很危险。'),
  U('南山区', 'household', '申请更改孩子的姓名，需要哪些手续？'),
  U('罗湖区', 'public_order', '路边有井盖缺失，晚上看不清容易掉下去，请尽快处理。'),
  U('宝安区', 'traffic', '宝安中心区一处停车场收费不合理，乱收费。'),
  U('南山区', 'traffic', '学校附近有人骑共享单车逆行，希望加强管理。'),
  U('龙岗区', 'public_order', '小区内电动车乱停放，堵住了单元门口，出入很不方便。'),
  U('福田区', 'public_order', '深夜有一辆摩托车在小区里来回开，声音很吵。'),
];

/** Held-out letters for matchHotspot: a new letter about a known group, and ones about nothing known. */
export const SYNTHETIC_NEW: Labelled[] = [
  { group: 'likang-parking', district: '南山区', category: 'traffic', place: '丽康路', text: '丽康路两侧违停车辆越来越多，今天早上救护车都被堵在路上了。' },
  { group: 'binhe-racing', district: '福田区', category: 'public_order', place: '滨河大道', text: '昨晚滨河大道又有人炸街飙车，轰鸣声持续到三点。' },
  { group: 'fake-service-scam', district: null, category: 'fraud', place: null, text: '接到冒充客服的电话说要给我退款，让我共享屏幕，差点被骗。' },
  { group: null, district: '罗湖区', category: 'household', place: null, text: '请问新生儿落户需要带出生证明原件吗？' },
  { group: null, district: '龙岗区', category: 'theft', place: null, text: '家门口的自行车昨晚被偷了，小区有监控。' },
];

export const SYNTHETIC_NOW = new Date('2026-03-31T12:00:00+08:00');

/**
 * The labelled set as letters over a 30-day window. The racing group sits mostly in the recent half
 * (a growing issue); the other groups and the unrelated letters are spread over the window.
 */
export function syntheticLetters(): { letters: LetterForGrouping[]; truth: Map<number, string | null> } {
  const letters: LetterForGrouping[] = [];
  const truth = new Map<number, string | null>();
  const all = [...SYNTHETIC_GROUPS, ...SYNTHETIC_UNRELATED];
  all.forEach((l, i) => {
    const id = 1000 + i;
    // Deterministic spread: letter i of the set lands (i·7 mod 29) days back, racing in the last 12.
    const daysBack = l.group === 'binhe-racing' ? 1 + ((i * 5) % 12) : 1 + ((i * 7) % 29);
    const at = new Date(SYNTHETIC_NOW.getTime() - daysBack * 86_400_000 - (i % 13) * 3_600_000);
    letters.push({ id, text: l.text, district: l.district, category: l.category, at, place: l.place ?? null });
    truth.set(id, l.group);
  });
  return { letters, truth };
}

/**
 * Pairwise precision/recall/F1: over all pairs of letters, a pair is "same" in the truth when both
 * carry the same group label, and "same" in the prediction when both are in the same hot issue.
 */
export function pairwiseF1(truth: Map<number, string | null>, hotspots: Pick<Hotspot, 'caseIds'>[]) {
  const predicted = new Map<number, number>();
  hotspots.forEach((h, k) => h.caseIds.forEach((id) => predicted.set(id, k)));
  const ids = [...truth.keys()];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const t = truth.get(ids[i]) !== null && truth.get(ids[i]) === truth.get(ids[j]);
      const p = predicted.has(ids[i]) && predicted.get(ids[i]) === predicted.get(ids[j]);
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, tp, fp, fn };
}

// ---------------------------------------------------------------------------------------------

interface HotRow {
  id: number;
  user: string;
  title: string;
  time: string;
  content: string;
  up: number;
  down: number;
}

/** A seeded generator (mulberry32), so bench and tests see the same synthetic series. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function main(): void {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const file = path.resolve(here, '../../shared/data/gov-messages/hot.jsonl');
  const rows: HotRow[] = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as HotRow);
  // Several rows share an id (see the data README), so the letters get their row number as id.
  const letters: LetterForGrouping[] = rows.map((r, i) => ({
    id: i,
    text: `${r.title}\n${r.content}`,
    district: null,
    category: null,
    at: new Date(`${r.time.replace(' ', 'T')}+08:00`),
  }));
  const now = new Date(Math.max(...letters.map((l) => l.at.getTime())));
  const t0 = performance.now();
  const hs = groupHotspots(letters, bigramTokenize, { now, days: 400 });
  const ms = performance.now() - t0;
  console.log(`hot.jsonl: ${letters.length} messages, last 400 days (nearly all), simple bigram tokenizer`);
  console.log(`  groupHotspots: ${ms.toFixed(0)} ms, ${hs.length} groups of ≥ 3 (${hs.reduce((n, h) => n + h.size, 0)} messages in groups)`);
  const bySize = [...hs].sort((a, b) => b.size - a.size).slice(0, 10);
  console.log('  10 largest groups:');
  for (const h of bySize) {
    console.log(`   ${String(h.size).padStart(4)}  trend ${h.trend.toFixed(2).padStart(5)}  ${h.label}   [${h.keywords.join(', ')}]`);
    for (const id of h.caseIds.slice(0, 3)) console.log(`          - ${rows[id].title}`);
  }
  const recent = groupHotspots(letters, bigramTokenize, { now, days: 90 });
  console.log(`  last 90 days only: ${recent.length} groups; top by size×growth: ${recent.slice(0, 3).map((h) => `${h.label} (${h.size}, ×${h.trend})`).join('; ')}`);

  const { letters: syn, truth } = syntheticLetters();
  const t1 = performance.now();
  const synHs = groupHotspots(syn, bigramTokenize, { now: SYNTHETIC_NOW, days: 30 });
  const synMs = performance.now() - t1;
  const f = pairwiseF1(truth, synHs);
  console.log(`synthetic labelled set: ${syn.length} letters (${SYNTHETIC_GROUPS.length} in 6 groups), ${synHs.length} groups, ${synMs.toFixed(1)} ms`);
  console.log(`  pairwise precision ${f.precision.toFixed(3)}, recall ${f.recall.toFixed(3)}, F1 ${f.f1.toFixed(3)}`);
  for (const h of synHs) console.log(`   ${h.size}  ${h.label}  trend ${h.trend}`);

  // Scale: 50,000 letters in a 30-day window — random filler of common characters plus 100
  // planted problems of 10 letters each (place + issue + filler) — to show the ~O(n·k) graph.
  {
    const chars = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题';
    const r = rng(11);
    const big: LetterForGrouping[] = [];
    const start = SYNTHETIC_NOW.getTime() - 30 * 86_400_000;
    const filler = (n: number) => Array.from({ length: n }, () => chars[Math.floor(r() * chars.length)]).join('');
    for (let i = 0; i < 49_000; i++) big.push({ id: i, text: filler(80), district: null, category: null, at: new Date(start + r() * 30 * 86_400_000) });
    // Each planted problem has its own place (a made-up road) and one of ten issues.
    const issues = '违停堵路 夜间施工 电动车乱窜 飙车炸街 飞线充电 冒充客服 酒吧噪音 占道经营 非法营运 偷电动车'.split(' ');
    for (let g = 0; g < 100; g++) {
      const place = `${filler(3)}路`;
      const issue = issues[g % 10];
      for (let k = 0; k < 10; k++) {
        big.push({ id: big.length, text: `${place}${issue}，${filler(15)}，${place}${filler(15)}`, district: null, category: null, at: new Date(start + r() * 30 * 86_400_000) });
      }
    }
    const t = performance.now();
    const hsBig = groupHotspots(big, bigramTokenize, { now: SYNTHETIC_NOW, days: 30 });
    const planted = hsBig.filter((h) => h.caseIds.every((id) => id >= 49_000)).length;
    console.log(`scale: ${big.length} letters (49,000 filler + 100 planted groups of 10): ${(performance.now() - t).toFixed(0)} ms, ${hsBig.length} groups, ${planted} pure planted groups`);
  }

  // Early warning: 100 district × category keys, 97 days of Poisson events with seasonality.
  const r = rng(7);
  const alertNow = new Date('2026-03-30T00:00:00+08:00');
  const hourShape = Array.from({ length: 24 }, (_, h) => 0.3 + Math.exp(-((h - 15) ** 2) / 30));
  const series = Array.from({ length: 100 }, (_, k) => {
    // Key 0 (14 a week) rises 4× in the last week; the other 99 are noise of 1–22 a week.
    const perHour = k === 0 ? 2 / 24 : (0.2 + 3 * r()) / 24;
    const events: Date[] = [];
    for (let h = 0; h < 97 * 24; h++) {
      const t = alertNow.getTime() - (97 * 24 - h) * 3_600_000;
      const lambda = perHour * hourShape[h % 24] * (k === 0 && h >= 90 * 24 ? 4 : 1);
      let x = 0;
      for (let p = Math.exp(-lambda), u = r(); u > p; x++) u *= r();
      for (let i = 0; i < x; i++) events.push(new Date(t + r() * 3_600_000));
    }
    return { key: { district: `D${k % 10}`, category: `C${Math.floor(k / 10)}` }, events };
  });
  const nEvents = series.reduce((n, s) => n + s.events.length, 0);
  const t2 = performance.now();
  const alerts = detectAlerts(series, { now: alertNow });
  const alertMs = performance.now() - t2;
  console.log(`detectAlerts: 100 keys × 97 days (${nEvents} events): ${alertMs.toFixed(1)} ms, ${alerts.length} alert(s)`);
  for (const a of alerts) console.log(`   ${a.district}/${a.category}: ${a.current} vs expected ${a.evidence.expected.toFixed(1)} (×${a.ratio.toFixed(2)}, p=${a.evidence.pValue.toExponential(1)})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
