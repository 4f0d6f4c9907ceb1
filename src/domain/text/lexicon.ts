// Word segmentation for police letters. Intl.Segmenter's Chinese dictionary splits the words that
// matter most here (丽|康|路, 违|停, 炸|街), so domain terms and gazetteer places are protected by a
// longest-match scan first and only the text between them goes to the segmenter.
import { normalize } from './normalize.js';
import { isStopWord } from './stopwords.js';
import { GAZETTEER_TERMS } from './gazetteer.js';

// Police business terms as citizens and officers write them.
const POLICE_TERMS = `
违停 违章停车 乱停车 乱停乱放 占道停车 贴罚单 罚单 抄牌 拖车 炸街 飙车 改装车 非法改装 噪音扰民 扰民 噪声 广场舞
闯红灯 逆行 超速 酒驾 醉驾 醉酒驾驶 无证驾驶 套牌 假牌 遮挡号牌 电动车 电单车 摩托车 禁摩 禁摩限电 泥头车 大货车
交通拥堵 堵车 红绿灯 信号灯 斑马线 人行横道 交警 交警大队 交通违法 违法记录 扣分 罚款 电子警察 监控抓拍 抓拍 事故认定
交通事故 追尾 剐蹭 肇事逃逸 逃逸 车驾管 驾驶证 驾照 年审 年检 审验 换证 补证 驾考 科目一 科目二 科目三 科目四 预约考试
行驶证 车辆登记 过户 转籍 上牌 临牌 号牌 车牌 新能源车 机动车 非机动车 车管所 检测站 满分学习 降级 体检 期满换证
户口 户籍 户口迁移 迁户 入户 落户 迁入 迁出 户口本 户籍证明 无犯罪记录证明 身份证 临时身份证 补办身份证 换领 居住证
居住登记 积分入户 人才引进 随迁 新生儿 出生登记 上户口 改名 更名 姓名变更 分户 立户 集体户 派出所 户籍窗口 户政
出入境 港澳通行证 台湾通行证 往来台湾 护照 签注 二次签注 逗留签注 团队旅游签注 商务签注 探亲签注 出入境管理 外国人
签证 居留许可 永久居留 口岸 通关 边检 自助通关 出境 入境 香港 澳门 台湾 护照加急 照片回执 回执 网上预约 预约
电信诈骗 电信网络诈骗 诈骗 被骗 骗子 刷单 刷单返利 冒充客服 冒充公检法 冒充领导 冒充熟人 杀猪盘 网络贷款 网贷 注销校园贷
投资理财 虚假投资 虚拟货币 博彩 网络赌博 赌博网站 转账 汇款 银行卡 冻结 止付 反诈 反诈中心 国家反诈中心 验证码
屏幕共享 游戏交易 退款 快递理赔 征信 裸聊 敲诈勒索 敲诈 勒索 追赃 挽损 立案 报案 回执单 受案回执
寻亲 寻人 走失 失踪 失联 离家出走 老人走失 儿童走失 认亲 打拐 被拐 拐卖 DNA 采血 血样 亲生父母 生父母 老年痴呆 阿尔茨海默
民警 辅警 警察 执法 执法监督 不作为 乱作为 态度恶劣 态度蛮横 推诿 推诿扯皮 刁难 吃拿卡要 执法记录仪 出警 出警慢 不出警
接警 报警 110 12345 12389 派出所民警 警务 警情 投诉民警 警容风纪 粗暴执法 违规执法 刑讯逼供 办案民警 受理 不予立案
群租 群租房 出租屋 二房东 治安 治安管理 黄赌毒 卖淫 嫖娼 吸毒 贩毒 赌博 聚众赌博 打架 斗殴 打架斗殴 寻衅滋事 偷窃 盗窃
小偷 扒窃 入室盗窃 电动车被盗 抢劫 抢夺 碰瓷 醉酒闹事 酗酒 高空抛物 养犬 犬只 遛狗不牵绳 烈性犬 流浪狗 消防通道
烧烤摊 夜市 KTV 酒吧 娱乐场所 按摩店 足浴店 非法集资 传销 黑车 摩的 占道经营 无证经营 偷拍 骚扰 跟踪 家暴 家庭暴力
深圳 深圳市 意见建议 建议 合理化建议 点赞 表扬 感谢信 锦旗 便民 服务窗口 营商环境 智慧警务 微信公众号 小程序 一网通办 网上办
`;

/** The lexicon: police terms and every gazetteer place, normalised. */
export const LEXICON: ReadonlySet<string> = new Set(
  [...POLICE_TERMS.split(/\s+/), ...GAZETTEER_TERMS].map(normalize).filter((w) => w.length >= 2),
);

// Longest-match index: for each first character, the lengths of lexicon words starting with it, longest first.
const BY_FIRST: Map<string, number[]> = (() => {
  const m = new Map<string, Set<number>>();
  for (const w of LEXICON) {
    const s = m.get(w[0]) ?? new Set<number>();
    s.add(w.length);
    m.set(w[0], s);
  }
  return new Map([...m].map(([k, v]) => [k, [...v].sort((a, b) => b - a)]));
})();

// One segmenter for the process: creating one costs far more than using it.
const SEGMENTER = new Intl.Segmenter('zh', { granularity: 'word' });
// Letters, digits and marks: what a word is made of; everything else separates words.
const RUN = /[\p{L}\p{N}\p{M}]+/gu;

function pushWords(piece: string, out: string[]): void {
  if (!piece) return;
  for (const s of SEGMENTER.segment(piece)) {
    if (s.isWordLike && !isStopWord(s.segment)) out.push(s.segment);
  }
}

/** Words of a text: normalised, lexicon terms kept whole, no punctuation, no stop words. */
export function segment(text: string): string[] {
  const out: string[] = [];
  // Runs between punctuation are short, which keeps the segmenter linear (it is not on one huge string).
  for (const [run] of normalize(text).matchAll(RUN)) {
    let start = 0; // start of the not-yet-segmented stretch
    for (let i = 0; i < run.length; ) {
      const lens = BY_FIRST.get(run[i]);
      let len = 0;
      if (lens) for (const l of lens) if (i + l <= run.length && LEXICON.has(run.slice(i, i + l))) { len = l; break; }
      if (len === 0) { i++; continue; }
      pushWords(run.slice(start, i), out);
      out.push(run.slice(i, i + len));
      i += len;
      start = i;
    }
    pushWords(run.slice(start), out);
  }
  return out;
}

// A surrogate pair (a character outside the BMP: rare CJK, emoji) makes UTF-16 units differ from characters.
const SURROGATE = /[\uD800-\uDFFF]/;

/** Character n-grams inside each run of letters/digits (never across punctuation): the fallback features. */
export function charNgrams(text: string, n: number[] = [1, 2, 3]): string[] {
  const out: string[] = [];
  for (const [run] of normalize(text).matchAll(RUN)) {
    if (!SURROGATE.test(run)) {
      // The common case: one UTF-16 unit per character, so substrings are n-grams (no array per run).
      for (const k of n) for (let i = 0; i + k <= run.length; i++) out.push(run.substring(i, i + k));
      continue;
    }
    const chars = Array.from(run);
    for (const k of n) for (let i = 0; i + k <= chars.length; i++) out.push(chars.slice(i, i + k).join(''));
  }
  return out;
}
