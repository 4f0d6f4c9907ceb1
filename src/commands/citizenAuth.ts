// Citizens prove who they are with a one-time SMS code, their real name and ID number.
import { randomInt } from 'node:crypto';
import type { Deps } from './deps.js';
import { createSession } from './accounts.js';
import { isValidChineseId as isChineseId, isMainlandMobile, normalizeMobile } from '../domain/identity.js';
import { badRequest, tooMany, unauthorized } from '../http/errors.js';
import { phoneIndex, vault } from '../store/vault.js';

export const OTP_TTL_MS = 5 * 60_000;
export const OTP_PER_HOUR = 5;
export const OTP_MAX_TRIES = 5;

// Keyed hashes only: a copy of the table gives neither the phones nor, by trying every code, the codes.
const codeHash = (phone: string, code: string) => vault().index('otp', `${phone}:${code}`);

export async function sendOtp(deps: Deps, input: { phone: string }) {
  if (!isMainlandMobile(input.phone)) throw badRequest('phone', '请输入有效的中国大陆手机号码');
  const phone = normalizeMobile(input.phone);
  const now = new Date();
  await deps.store.transaction(async (tx) => {
    // Locks out a concurrent request for the same phone between the count and the insert.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`otp:${phone}`]);
    const r = await tx.query<{ n: number }>('SELECT count(*) AS n FROM otp_codes WHERE phone_hash = $1 AND created_at > $2', [phoneIndex(phone), new Date(now.getTime() - 3600_000)]);
    if (r.rows[0].n >= OTP_PER_HOUR) throw tooMany('验证码发送过于频繁，每个手机号每小时最多5次');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await tx.query('INSERT INTO otp_codes (phone_hash, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [phoneIndex(phone), codeHash(phone, code), now, new Date(now.getTime() + OTP_TTL_MS)]);
    await deps.messages.send(tx, { to: phone, channel: 'sms', text: `【局长信箱】您的验证码是${code}，5分钟内有效。请勿告诉他人。` }, now);
  });
}

export async function verifyCitizen(deps: Deps, input: { phone: string; code: string; name: string; idNumber: string }, ttlHours: number) {
  if (!isMainlandMobile(input.phone)) throw badRequest('phone', '请输入有效的中国大陆手机号码');
  const name = input.name.trim();
  if (!/^[\p{Script=Han}·•A-Za-z ]{2,30}$/u.test(name)) throw badRequest('name', '请输入真实姓名（2–30个汉字或字母）');
  const idNumber = input.idNumber.trim().toUpperCase();
  if (!isChineseId(idNumber)) throw badRequest('idNumber', '身份证号码无效（校验位不符或出生日期不存在）');
  const phone = normalizeMobile(input.phone);
  const now = new Date();

  const outcome = await deps.store.transaction(async (tx) => {
    const r = await tx.query<{ id: number; code_hash: string; failed_tries: number }>(
      `SELECT id, code_hash, failed_tries FROM otp_codes WHERE phone_hash = $1 AND used_at IS NULL AND expires_at > $2
        ORDER BY created_at DESC LIMIT 1 FOR UPDATE`, [phoneIndex(phone), now]);
    const otp = r.rows[0];
    if (!otp || otp.failed_tries >= OTP_MAX_TRIES) return { ok: false as const };
    if (otp.code_hash !== codeHash(phone, input.code.trim())) {
      // Committed even though the answer is 401: the count of wrong tries must survive.
      await tx.query('UPDATE otp_codes SET failed_tries = failed_tries + 1 WHERE id = $1', [otp.id]);
      return { ok: false as const };
    }
    await tx.query('UPDATE otp_codes SET used_at = $2 WHERE id = $1', [otp.id, now]);
    const v = vault();
    const c = await tx.query<{ id: number }>(
      `INSERT INTO citizens (phone_hash, phone, name, id_number) VALUES ($1, $2, $3, $4)
       ON CONFLICT (phone_hash) DO UPDATE SET phone = EXCLUDED.phone, name = EXCLUDED.name, id_number = EXCLUDED.id_number, updated_at = now()
       RETURNING id`, [phoneIndex(phone), v.seal('phone', phone), v.seal('name', name), v.seal('id_number', idNumber)]);
    return { ok: true as const, token: await createSession(tx, { citizenId: c.rows[0].id }, ttlHours) };
  });
  if (!outcome.ok) throw unauthorized('验证码错误或已过期');
  return { token: outcome.token };
}
