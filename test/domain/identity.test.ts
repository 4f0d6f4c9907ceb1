import { describe, it, expect } from 'vitest';
import {
  isMainlandMobile,
  isValidChineseId,
  maskIdNumber,
  maskName,
  maskPhone,
  normalizeMobile,
} from '../../src/domain/identity.js';

// Independent ISO 7064 MOD 11-2 formulation: weight of position i is 2^(17-i) mod 11,
// check value is (12 - sum mod 11) mod 11 with 10 written as X.
function checkChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * (2 ** (17 - i) % 11);
  const v = (12 - (sum % 11)) % 11;
  return v === 10 ? 'X' : String(v);
}
const withCheck = (body: string) => body + checkChar(body);
const wrongCheck = (body: string) => body + (checkChar(body) === '0' ? '1' : '0');
const NOW = new Date('2026-06-15T04:00:00Z');

describe('isValidChineseId', () => {
  it('accepts the GB 11643 sample and computed IDs', () => {
    expect(isValidChineseId('11010519491231002X', NOW)).toBe(true);
    expect(isValidChineseId('11010519491231002x', NOW)).toBe(true);
    for (const body of ['11010119900307123', '44030819991231004', '31011520000229001', '65010219000101777']) {
      expect(isValidChineseId(withCheck(body), NOW), body).toBe(true);
    }
  });

  it('finds bodies whose check char is X and others with digits', () => {
    // Sweep sequence numbers so both check-char kinds are exercised.
    const ids = Array.from({ length: 30 }, (_, i) => withCheck(`110105${'19850610'}${String(i).padStart(3, '0')}`));
    expect(ids.some((id) => id.endsWith('X'))).toBe(true);
    for (const id of ids) expect(isValidChineseId(id, NOW), id).toBe(true);
  });

  it('rejects a wrong check char', () => {
    expect(isValidChineseId('110105194912310021', NOW)).toBe(false);
    expect(isValidChineseId(wrongCheck('11010119900307123'), NOW)).toBe(false);
  });

  it('rejects impossible or out-of-range birth dates even with a correct check char', () => {
    expect(isValidChineseId(withCheck('11010119990230123'), NOW)).toBe(false); // Feb 30
    expect(isValidChineseId(withCheck('11010120010229123'), NOW)).toBe(false); // not a leap year
    expect(isValidChineseId(withCheck('11010118991231123'), NOW)).toBe(false); // before 1900
    expect(isValidChineseId(withCheck('11010120260616123'), NOW)).toBe(false); // tomorrow
    expect(isValidChineseId(withCheck('11010120260615123'), NOW)).toBe(true); // today
  });

  it('rejects bad shapes', () => {
    expect(isValidChineseId('1101A519491231002X', NOW)).toBe(false);
    expect(isValidChineseId('110105491231002', NOW)).toBe(false); // old 15-digit
    expect(isValidChineseId('11010519491231002X ', NOW)).toBe(false);
    expect(isValidChineseId('X10105194912310021', NOW)).toBe(false);
    expect(isValidChineseId('', NOW)).toBe(false);
  });

  it('defaults "today" to the current time', () => {
    expect(isValidChineseId('11010519491231002X')).toBe(true);
  });
});

describe('mobile numbers', () => {
  it('accepts 11-digit mainland numbers with optional prefix and separators', () => {
    for (const p of ['13812345678', '+8613812345678', '8613812345678', '+86 138 1234 5678', '138-1234-5678', '19912345678']) {
      expect(isMainlandMobile(p), p).toBe(true);
      expect(normalizeMobile(p)).toMatch(/^1[3-9]\d{9}$/);
    }
    expect(normalizeMobile('+86 138-1234-5678')).toBe('13812345678');
  });

  it('rejects others', () => {
    for (const p of ['12812345678', '1381234567', '138123456789', '010-12345678', '+8513812345678', '1381234567a', '']) {
      expect(isMainlandMobile(p), p).toBe(false);
    }
    expect(() => normalizeMobile('010-12345678')).toThrow(RangeError);
  });
});

describe('masking', () => {
  it('masks phones', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('12')).toBe('**');
    expect(maskPhone('')).toBe('');
  });

  it('masks names keeping only the first character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
    expect(maskName('')).toBe('');
  });

  it('masks ID numbers keeping the first 6 and last 4', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110101********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('12345678')).toBe('****5678');
  });
});
