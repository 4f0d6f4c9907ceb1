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
