// Removes personal data from a text that leaves its case — an FAQ answer drafted from closing
// reports, for instance: mainland mobile numbers, resident ID numbers (18 and old 15 digits),
// licence plates (车牌), e-mail addresses, and the names the caller knows (the writers'), also as
// "张先生"/"张女士". identity.ts masks one known value for the screen; this finds them inside prose.

const LABEL = { mobile: '[手机号]', id: '[身份证号]', plate: '[车牌号]', email: '[邮箱]', name: '来信人' } as const;

// Digits are not allowed on either side, so a number inside a longer one (a case number, an ID)
// is not taken for a mobile, and an ID is not cut into a mobile and a tail.
const ID = /(?<![\dA-Za-z])(?:\d{17}[\dXx]|\d{15})(?![\dA-Za-z])/g;
const MOBILE = /(?<![\d])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g;
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领';
// Province, issuing-office letter, an optional separator, then 5 characters (6 for new-energy plates).
const PLATE = new RegExp(`[${PROVINCES}][A-HJ-NP-Z][\\s·•.-]?(?:[A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}[挂学警港澳])(?![A-Z0-9])`, 'gi');
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const HONORIFIC = '(?:先生|女士|小姐|同志|师傅|阿姨|大爷|老师)';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface RedactOptions {
  /** Names of people the text may mention (e.g. the writers); each of 2+ characters is replaced. */
  names?: (string | null | undefined)[];
}

export function redact(text: string, opts: RedactOptions = {}): string {
  let out = text.replace(EMAIL, LABEL.email).replace(ID, LABEL.id).replace(MOBILE, LABEL.mobile).replace(PLATE, LABEL.plate);
  const names = [...new Set((opts.names ?? []).map((n) => (n ?? '').trim()).filter((n) => [...n].length >= 2))]
    .sort((a, b) => b.length - a.length); // "欧阳娜娜" before "欧阳"
  for (const name of names) {
    out = out.replace(new RegExp(`${escape(name)}(?:${HONORIFIC})?`, 'g'), LABEL.name);
    // "王先生" for 王小明: the surname with an honorific names the writer just as well.
    const surname = [...name][0];
    out = out.replace(new RegExp(`${escape(surname)}${HONORIFIC}`, 'g'), LABEL.name);
  }
  return out;
}

/** True when the text still holds a mobile, ID number, plate or e-mail address. */
export function hasPersonalData(text: string): boolean {
  return [ID, MOBILE, PLATE, EMAIL].some((r) => new RegExp(r.source, r.flags.replace('g', '')).test(text));
}

// ------------------------------------------------------------------------------------------------
// Anonymisation for publication (典型案例): everything redact() removes, and what a public text
// must also lose — landlines and service numbers, bank cards, long digit runs, QQ/WeChat accounts,
// exact addresses (house numbers, 号/栋/幢/单元/楼/层/室, the residential compound before them; the
// district and the road stay), the names of other people known to the case, names announced in the
// text ("我叫…", "联系人：…") and a common surname with an honorific ("李先生"). findPersonalData()
// is the independent second pass: looser patterns (digits split by spaces, any '@'), run on what is
// about to be published — it must find nothing.

const ANON = { landline: '[电话]', card: '[银行卡号]', number: '[号码]', account: '[账号]', address: '[详细地址]', other: '某某', named: '[姓名]' } as const;

// Full-width digits, Latin letters, ＠ and － (a letter typed on a phone keyboard) as ASCII, so that
// one set of patterns sees them; Chinese punctuation stays as it is.
export function narrowWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF20\uFF0D]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xFEE0));
}

const SPACED_ID = /(?<![\dA-Za-z])\d{6}[\s-]\d{8}[\s-]\d{3}[\dXx](?![\dA-Za-z])/g;
const CARD = /(?<![\dA-Za-z])\d{4}(?:[\s-]?\d{4}){3}(?:[\s-]?\d{1,3})?(?![\dA-Za-z])/g;
const LANDLINE = /(?<![\dA-Za-z])(?:[(（]0\d{2,3}[)）]|0\d{2,3})[\s-]?\d{3,4}[\s-]?\d{4}(?:(?:-|转)\d{1,5})?(?!\d)/g;
const SERVICE_NUMBER = /(?<!\d)[48]00[\s-]?\d{3}[\s-]?\d{4}(?!\d)/g;
const ACCOUNT = /((?:QQ|qq|Qq|微信号?|wx|WX|vx|VX|V信|抖音号?)\s*(?:号码?)?\s*[:：]?\s*)[A-Za-z0-9_-]{5,20}/g;
// Units that make a long number an amount, a distance or a count rather than an identifier.
const AMOUNT_AFTER = '元万亿块角米%人次辆件个条份平';
const LONG_DIGITS = new RegExp(`(?<![\\dA-Za-z])\\d{7,}(?![\\d${AMOUNT_AFTER}])`, 'g');

// One piece of an exact address: a number and what it numbers. Chinese numerals only where they
// are usual (三楼, 二单元); 座/层/房 only with digits or a letter (一座桥 is no address).
const CN_NUM = '[零〇一二三四五六七八九十百]{1,4}';
const ADDRESS_PART = new RegExp(
  `(?<!月)(?:(?:\\d{1,5}|${CN_NUM}|(?<![A-Za-z])[A-Za-z])\\s*(?:号院|号楼|号(?![线码令])|栋|幢|单元|楼(?![梯盘市主下上道顶房]))|(?:\\d{1,5}|(?<![A-Za-z])[A-Za-z])\\s*(?:座|层|室|房(?![东租价子产])))`, 'g');
const HYPHEN_ROOM = /(?<![\d-])\d{1,3}\s*[-－]\s*\d{1,3}\s*[-－]\s*\d{2,4}(?![\d-])/g;
// The residential compound (小区, 花园 …) right before the numbers; its name may not run over a
// district, road or a word of the sentence (在/住/我 …), so "我家住在阳光花园3栋" keeps "我家住在".
const NAME_CHAR = '(?:(?![在住是的于到我你他她它们家了和与及向从把被对给由往近旁边这那个处位市区县镇乡路街道巷弄号省])[\\u4e00-\\u9fa5A-Za-z])';
const COMPOUND_BEFORE = new RegExp(`${NAME_CHAR}{1,10}(?:小区|花园|家园|公寓|大厦|苑|新村|山庄|公馆|大楼|宿舍|府|园|城|村|庭|阁|居|湾)\\s*$`);
const ROOM_AFTER = new RegExp(`^\\s*[-－]?\\s*\\d{1,5}(?:\\s*[-－]\\s*\\d{1,5})*(?![\\d${AMOUNT_AFTER}年月日号])`);

function removeAddresses(text: string): string {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(ADDRESS_PART)) spans.push([m.index!, m.index! + m[0].length]);
  for (const m of text.matchAll(HYPHEN_ROOM)) spans.push([m.index!, m.index! + m[0].length]);
  if (!spans.length) return text;
  spans.sort((a, b) => a[0] - b[0]);
  // Neighbouring pieces (3栋 2单元 501室, 88号-3栋) are one address.
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1] + 1 && /^[\s\-－,，]?$/.test(text.slice(last[1], s[0]))) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  let out = '';
  let at = 0;
  for (const [start, end0] of merged) {
    if (end0 <= at) continue;
    let end = end0;
    const room = ROOM_AFTER.exec(text.slice(end));
    if (room) end += room[0].length;
    // Reached by the previous address's room number: part of it.
    if (start < at) { at = end; continue; }
    let from = start;
    const compound = COMPOUND_BEFORE.exec(text.slice(at, start));
    if (compound) from = at + compound.index;
    out += text.slice(at, from) + ANON.address;
    at = end;
  }
  return out + text.slice(at);
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦邹孟熊秦邱尹薛闫段雷侯史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤';
const HONORIFICS = '(?:先生|女士|小姐|同志|师傅|阿姨|大爷|大妈|老师|警官|老板|经理|医生|律师)';
const SURNAME_HONORIFIC = new RegExp(`(?:欧阳|司马|诸葛|上官|[${SURNAMES}])(?=${HONORIFICS})`, 'g');
const ANNOUNCED_NAME = /((?:我叫|名叫|叫做)\s*|(?:本人姓名|姓名|联系人|报警人|当事人|申请人|被投诉人)\s*(?:是|为|[:：])\s*)(?!来信人|某某)[\u4e00-\u9fa5]{2,3}(?:、(?!来信人|某某)[\u4e00-\u9fa5]{2,3})*/g;
// Someone named by their relation to the letter ("邻居王小明（…", "民警李明说"): the surname, one or two
// characters, then a pause or a word that usually follows a name — so "邻居高声喧哗" stays.
const RELATION = '(?:邻居|朋友|同事|同学|丈夫|妻子|老公|老婆|爱人|儿子|女儿|父亲|母亲|爸爸|妈妈|哥哥|姐姐|弟弟|妹妹|民警|警官|辅警|老板|房东|租客|车主|司机|业主|嫌疑人|对方|店主|经理|保安|网友|男友|女友|前夫|前妻)';
const AFTER_NAME = '(?=[（(，,、。；;：:！!？?\\s]|说|称|等|家|的|和|与|及|也|在|每|经常|曾|把|将|被|向|对|是|于|从|多次|一直|还)';
const RELATED_NAME = new RegExp(`(${RELATION})(?:欧阳|司马|诸葛|上官|[${SURNAMES}])[\\u4e00-\\u9fa5]{1,2}${AFTER_NAME}`, 'g');
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐', '端木', '轩辕'];

/** The surname of a Chinese name: two characters for the compound surnames, else the first. */
export function surnameOf(name: string): string {
  const n = name.trim();
  const two = COMPOUND_SURNAMES.find((s) => n.startsWith(s) && [...n].length >= 3);
  return two ?? [...n][0] ?? '';
}

const cleanNames = (names: (string | null | undefined)[] | undefined, minChars = 2) =>
  [...new Set((names ?? []).map((n) => (n ?? '').replace(/\s+/g, '').trim()).filter((n) => [...n].length >= minChars))]
    .sort((a, b) => b.length - a.length);

/**
 * Names a text gives away by a relation word ("邻居王小明（…"): learnt from the letter, they are
 * removed wherever they appear, also where no relation word stands before them ("已对王小明批评教育").
 */
export function harvestNames(...texts: (string | null | undefined)[]): string[] {
  const found = new Set<string>();
  for (const t of texts) {
    for (const m of narrowWidth(t ?? '').matchAll(RELATED_NAME)) found.add(m[0].slice(m[1].length));
  }
  return [...found];
}

export interface AnonymiseOptions {
  /** The writers' names: replaced by 来信人 (also as 张先生/张女士). */
  names?: (string | null | undefined)[];
  /** Other people known to the case (the officers who handled it …): replaced by 某某. */
  otherNames?: (string | null | undefined)[];
}

/** A text fit for the public: no way back to the writer or anyone else it names. Pure. */
export function anonymise(text: string, opts: AnonymiseOptions = {}): string {
  opts = { ...opts, otherNames: [...(opts.otherNames ?? []), ...harvestNames(text)] };
  let out = narrowWidth(text)
    .replace(EMAIL, LABEL.email)
    .replace(SPACED_ID, LABEL.id)
    .replace(ID, LABEL.id)
    .replace(CARD, ANON.card)
    .replace(MOBILE, LABEL.mobile)
    .replace(SERVICE_NUMBER, ANON.landline)
    .replace(LANDLINE, ANON.landline)
    .replace(PLATE, LABEL.plate)
    .replace(ACCOUNT, `$1${ANON.account}`)
    .replace(LONG_DIGITS, ANON.number);
  out = removeAddresses(out);
  out = redact(out, { names: opts.names });
  for (const name of cleanNames(opts.otherNames)) {
    out = out.replace(new RegExp(`${escape(name)}(?:${HONORIFIC})?`, 'g'), ANON.other);
  }
  out = out.replace(ANNOUNCED_NAME, `$1${ANON.named}`);
  // Any common surname with an honorific: "李先生" names someone as surely as "李明" does.
  out = out.replace(SURNAME_HONORIFIC, '某');
  out = out.replace(RELATED_NAME, `$1${ANON.other}`);
  return out;
}

export interface PersonalDataFinding {
  kind: 'email' | 'number' | 'plate' | 'address' | 'account' | 'name';
  /** What was found, masked for the message (its first and last characters). */
  sample: string;
}

export const FINDING_LABELS: Record<PersonalDataFinding['kind'], string> = {
  email: '邮箱', number: '电话/证件/卡号等数字', plate: '车牌号', address: '门牌号等详细地址', account: '社交账号', name: '姓名',
};

const CHECK_EMAIL = /[\w.+-]+\s*(?:@|＠|\(at\)|\[at\])\s*[\w-]+(?:\.[\w-]+)+/gi;
const CHECK_DIGITS = new RegExp(`\\d(?:[ \\u3000]?\\d){6,}(?![\\d${AMOUNT_AFTER}])`, 'g');
// A plate has digits: "新iPhone" is none.
const CHECK_PLATE = new RegExp(`[${PROVINCES}]\\s*[A-Za-z]\\s*[·•.\\-\\s]?\\s*(?=[A-Za-z]*\\d[A-Za-z]*\\d)[A-Za-z0-9]{4,6}(?![A-Za-z0-9])`, 'g');
const CHECK_ACCOUNT = /(?:QQ|qq|微信号?|wx|vx|V信)\s*(?:号码?)?\s*[:：]?\s*[A-Za-z0-9_-]{5,}/gi;

function mask(s: string): string {
  const chars = [...s.replace(/\s+/g, '')];
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(Math.min(chars.length - 2, 8)) + chars[chars.length - 1];
}

/**
 * The second pass before anything is published: personal data still in the text, by looser
 * patterns than anonymise() uses (digits split by spaces, any '@', a plate with odd separators),
 * plus the known names. An empty list means the text may go out.
 */
export function findPersonalData(text: string, opts: AnonymiseOptions = {}): PersonalDataFinding[] {
  const t = narrowWidth(text);
  const found: PersonalDataFinding[] = [];
  const add = (kind: PersonalDataFinding['kind'], re: RegExp) => {
    for (const m of t.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))) found.push({ kind, sample: mask(m[0]) });
  };
  add('email', CHECK_EMAIL);
  add('number', CHECK_DIGITS);
  add('plate', CHECK_PLATE);
  add('account', CHECK_ACCOUNT);
  add('address', ADDRESS_PART);
  add('address', HYPHEN_ROOM);
  for (const name of cleanNames([...(opts.names ?? []), ...(opts.otherNames ?? [])])) {
    if (t.includes(name)) found.push({ kind: 'name', sample: mask(name) });
    else if (new RegExp(`${escape(surnameOf(name))}${HONORIFIC}`).test(t)) found.push({ kind: 'name', sample: `${mask(name)}（姓氏+称谓）` });
  }
  for (const m of t.matchAll(SURNAME_HONORIFIC)) found.push({ kind: 'name', sample: `${m[0]}…（姓氏+称谓）` });
  for (const m of t.matchAll(RELATED_NAME)) found.push({ kind: 'name', sample: mask(m[0]) });
  return found;
}
