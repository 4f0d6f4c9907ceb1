// Does a reply answer what the letter asked? The letter's key words (the project's segmentation:
// normalised, lexicon terms whole, no stop words) and how many of them the reply uses, and whether
// it names the letter's place or subject (a gazetteer place, a road/community/school named in the
// letter, or the title's words).
import { normalize } from '../text/normalize.js';
import { segment } from '../text/lexicon.js';
import { findPlaces } from '../text/gazetteer.js';
import { RELEVANCE } from './weights.js';

// Words every letter and reply to a government body carries: they prove nothing about relevance.
const GENERIC = new Set([
  '网友', '留言', '政府', '工作', '单位', '平台', '栏目', '书记', '市长', '局长', '回复', '同志', '意见', '建议', '我市', '我区',
  '我局', '市民', '来信', '信箱', '公安', '公安局', '领导', '人员', '现在', '已经', '没有', '可以', '什么', '怎么', '这个',
  '那个', '一些', '我们', '你们', '他们', '自己', '时间', '地方', '东西', '事情', '问题', '进行', '希望', '要求', '表示',
  '知道', '发现', '认为', '觉得', '还是', '不是', '一个', '多少', '为何', '为什么', '是否', '能否', '如何', '现象', '严重',
  '请求', '呼吁', '咨询', '投诉', '举报', '强烈', '有关', '相关', '部门', '不知道', '一直', '已经有', '都没有', '不能',
  '左右', '一直在', '一直是', '任何', '开始', '下来', '中间', '平时', '好像', '前段', '才好', '每天', '每个', '真的', '甚至',
  '而且', '之后', '所有', '有些', '有的', '似乎', '只能', '只是', '只有', '结果', '事实', '一次', '几个', '多次', '很多',
  '许多', '比如', '例如', '包括', '经常', '总是', '终于', '居然', '竟然', '到底', '究竟', '根本', '完全', '实在', '简直',
  '确实', '一定', '必须', '本来', '原来', '当时', '当地', '因此', '可是', '然而', '由于', '大量', '越来越', '个人', '朋友',
  '各位', '尊敬', '谴责', '奇葩', '无奈', '万分', '感激', '恳请', '拜托', '急需', '长期', '目前', '年来', '多年', '今年', '去年',
]);
/** Segmenter pieces that start with a negation or a function character are adverbs and asides, not the subject. */
const FUNCTION_START = /^[不没也都又还就才很岂其该此这那哪啥咋怎么既却便再]/;

/** Anonymised place codes of the public data set (a市, a2区, k9县) and bare numbers are no key words. */
const CODE = /^([a-z]\d*[市区县镇]?|\d+[a-z]*|[a-z]+\d+)$/;

const PLACE_SUFFIX = '路|街|大道|巷|村|镇|乡|小区|花园|苑|园|社区|街道|广场|公园|中学|小学|幼儿园|学校|医院|市场|大厦|商场|公寓|大桥|隧道|派出所|分局|大队|地铁站';
// Two to four characters before a place suffix: "潇楚南路" → 楚南路, 潇楚南路. The prefix may not hold a function word.
const PLACE = new RegExp(`([\\u4e00-\\u9fa5a-z0-9]{2,4})(${PLACE_SUFFIX.split('|').sort((a, b) => b.length - a.length).join('|')})`, 'g');
const NOT_IN_NAME = /[的了是在和与到从于对位向把被给这那我你他她它有无个也都就还要会能如果再者侧些每各该本此其所为而及或且但并将已让去来过着很最太更又才只条近经]/;
// Common words that end like a place ("线路", "马路", "农村", "校园"): no place is named by them.
const COMMON_TAIL = new Set((
  '线路 跑路 道路 走路 出路 思路 一路 修路 铁路 公路 马路 套路 退路 网路 电路 水路 上路 让路 问路 过路 带路 字路 岔路 小路 大路 进路 来路 沿路 管路 路路 ' +
  '上街 逛街 大街 沿街 临街 满街 校园 家园 乐园 菜园 果园 田园 园园 农村 乡村 全村 本村 该村 进村 城镇 乡镇 全镇 该镇 本镇 城乡 家乡 回乡 下乡 本乡 老乡'
).split(' '));

export interface KeyWord { word: string; weight: number }

/** The letter's key words, heaviest first: title words count thrice, longer words more. */
export function keyWords(title: string, content: string, n: number = RELEVANCE.keywords): KeyWord[] {
  const w = new Map<string, number>();
  const add = (text: string, k: number) => {
    for (const word of segment(text)) {
      if ([...word].length < 2 || GENERIC.has(word) || CODE.test(word) || FUNCTION_START.test(word)) continue;
      w.set(word, (w.get(word) ?? 0) + k);
    }
  };
  add(title, 3);
  add(content, 1);
  return [...w]
    .map(([word, count]) => ({ word, weight: Math.log2(1 + count) * (1 + 0.25 * ([...word].length - 2)) }))
    .sort((a, b) => b.weight - a.weight || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0))
    .slice(0, n);
}

/** Place names a letter uses: gazetteer places, and "XX路/XX小区/XX学校" spans (each as its 2- to 4-character-prefixed forms). */
export function placeMentions(text: string): string[][] {
  const t = normalize(text);
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const p of findPlaces(t)) {
    if (p.kind === 'ambiguous' || seen.has(p.name)) continue;
    seen.add(p.name);
    out.push([p.name]);
  }
  for (const m of t.matchAll(PLACE)) {
    const prefix = m[1], suffix = m[2];
    if (COMMON_TAIL.has(prefix.slice(-1) + suffix[0]) || COMMON_TAIL.has(prefix.slice(-1) + suffix)) continue;
    const forms: string[] = [];
    for (let k = 2; k <= prefix.length; k++) {
      const pre = prefix.slice(prefix.length - k);
      if (NOT_IN_NAME.test(pre) || CODE.test(pre)) break;
      forms.push(pre + suffix);
    }
    if (!forms.length || seen.has(forms[0])) continue;
    seen.add(forms[0]);
    out.push(forms);
  }
  return out;
}

export interface Relevance {
  /** 0..1: the part of the score. */
  part: number;
  /** Weighted share of the letter's key words the reply uses. */
  coverage: number;
  keyWords: string[];
  missing: string[];
  /** Whether the reply names the letter's place or subject; null when the letter names neither. */
  subjectNamed: boolean | null;
  places: string[];
}

/** A word is used when the reply holds it, or — for words of 3+ characters — most of its character pairs. */
function uses(reply: string, word: string): boolean {
  if (reply.includes(word)) return true;
  const chars = [...word];
  if (chars.length < 3) return false;
  let hit = 0;
  for (let i = 0; i + 1 < chars.length; i++) if (reply.includes(chars[i] + chars[i + 1])) hit++;
  return hit / (chars.length - 1) >= 0.6;
}

export function relevance(letter: { title: string; content: string; address?: string | null }, reply: string): Relevance {
  const r = normalize(reply);
  const keys = keyWords(letter.title, letter.content);
  const total = keys.reduce((s, k) => s + k.weight, 0);
  const found = keys.filter((k) => uses(r, k.word));
  const coverage = total > 0 ? found.reduce((s, k) => s + k.weight, 0) / total : 1;

  const places = placeMentions(`${letter.title}\n${letter.content}\n${letter.address ?? ''}`);
  const placeNamed = places.some((forms) => forms.some((f) => r.includes(f)));
  const titleWords = keyWords(letter.title, '', 6).map((k) => k.word);
  const titleHits = titleWords.filter((w) => uses(r, w)).length;
  // A third of the title's key words (at least one) names the subject.
  const titleNamed = titleWords.length > 0 && titleHits >= Math.max(1, Math.ceil(titleWords.length / 3));
  const subjectNamed = places.length === 0 && titleWords.length === 0 ? null : placeNamed || titleNamed;

  const keywordPart = total > 0 ? Math.min(1, coverage / RELEVANCE.fullCoverage) : 1;
  const part = RELEVANCE.keywordShare * keywordPart + RELEVANCE.subjectShare * (subjectNamed === false ? 0 : 1);
  return {
    part, coverage, keyWords: keys.map((k) => k.word), missing: keys.filter((k) => !found.includes(k)).map((k) => k.word),
    subjectNamed, places: places.map((f) => f[f.length - 1]),
  };
}
