// TOTP against the test vectors of RFC 6238 (SHA-1) and base32 against RFC 4648.
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, stepAt, totpAt } from '../../src/domain/totp.js';

const SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('base32', () => {
  it('encodes and decodes as RFC 4648 (no padding)', () => {
    const v: [string, string][] = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
    for (const [plain, enc] of v) {
      expect(base32Encode(Buffer.from(plain))).toBe(enc);
      expect(base32Decode(enc)!.toString()).toBe(plain);
    }
    expect(SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv====')!.toString()).toBe('12345');
    expect(base32Decode('GEZ1')).toBeNull();
  });
});

describe('TOTP (RFC 6238, SHA-1, 6 digits, 30 s)', () => {
  it('matches the RFC test vectors (their last six digits)', () => {
    const v: [number, string][] = [[59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'], [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130']];
    for (const [t, code] of v) expect(totpAt(SECRET, t * 1000)).toBe(code.slice(-6));
    expect(hotp(Buffer.from('12345678901234567890'), 0)).toBe('755224'); // RFC 4226 appendix D
  });
  it('accepts one step either side, and only steps newer than the last one used', () => {
    const now = 1_700_000_000_000;
    const s = stepAt(now);
    expect(matchTotp(SECRET, totpAt(SECRET, now), now, null)).toBe(s);
    expect(matchTotp(SECRET, totpAt(SECRET, now - 30_000), now, null)).toBe(s - 1);
    expect(matchTotp(SECRET, totpAt(SECRET, now + 30_000), now, null)).toBe(s + 1);
    expect(matchTotp(SECRET, totpAt(SECRET, now - 60_000), now, null)).toBeNull();
    expect(matchTotp(SECRET, totpAt(SECRET, now + 60_000), now, null)).toBeNull();
    expect(matchTotp(SECRET, totpAt(SECRET, now), now, s)).toBeNull(); // replay
    expect(matchTotp(SECRET, totpAt(SECRET, now + 30_000), now, s)).toBe(s + 1);
    expect(matchTotp(SECRET, '12345', now, null)).toBeNull();
    expect(matchTotp(SECRET, 'abcdef', now, null)).toBeNull();
  });
});
