// Validation and masking of personal identifiers of letter writers (来信人).

import { isRealDate, localDateString } from './calendar.js';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * GB 11643-1999 18-digit resident ID. `now` decides "today" for the
 * birth-date bound (a future birth date means a typo, not a baby).
 */
export function isValidChineseId(id: string, now: Date = new Date()): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const b = id.slice(6, 14);
  const birth = `${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6, 8)}`;
  if (!isRealDate(birth) || birth < '1900-01-01' || birth > localDateString(now)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11] === id[17].toUpperCase();
}

function bareMobile(phone: string): string | null {
  const m = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(phone.replace(/[\s-]/g, ''));
  return m ? m[1] : null;
}

export function isMainlandMobile(phone: string): boolean {
  return bareMobile(phone) !== null;
}

/** Throws RangeError for anything that is not a mainland mobile number. */
export function normalizeMobile(phone: string): string {
  const bare = bareMobile(phone);
  if (bare === null) throw new RangeError(`not a mainland mobile number: ${phone}`);
  return bare;
}

export function maskPhone(phone: string): string {
  const s = bareMobile(phone) ?? phone;
  const chars = Array.from(s);
  if (chars.length >= 11) {
    return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
  }
  // Too short to be a mobile number; leaking 2 of 2 digits would leak all.
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - 2) + chars.slice(-2).join('');
}

export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  // A single character would be the whole name, so hide it too.
  if (chars.length === 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

export function maskIdNumber(id: string): string {
  const chars = Array.from(id);
  if (chars.length > 10) {
    return chars.slice(0, 6).join('') + '*'.repeat(chars.length - 10) + chars.slice(-4).join('');
  }
  if (chars.length > 4) return '*'.repeat(chars.length - 4) + chars.slice(-4).join('');
  return '*'.repeat(chars.length);
}
