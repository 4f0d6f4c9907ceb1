// Integration channels (110, 12345, 12389, petitions, WeChat, Weibo): a letter handed over by
// another platform, signed with the channel's shared secret. The signature is checked over the
// raw bytes before anything is parsed into a letter; a repeat of the same external id returns
// the case that exists. Each channel's own habits (110 hands over urgent matters, 12389 is about
// police conduct) are defaults here, overridden by what the channel says.
import { timingSafeEqual } from 'node:crypto';
import type { Deps } from './deps.js';
import type { Priority } from '../domain/timeLimits.js';
import { isValidChineseId, isMainlandMobile, normalizeMobile } from '../domain/identity.js';
import { createCase } from './intake.js';
import { AppError, badRequest, notFound } from '../http/errors.js';
import { sign } from '../jobs/outbox.js';
import { INSTANT_RANGE_MESSAGE, isReasonableInstant } from '../domain/instants.js';

export const SIGNATURE_WINDOW_S = 300;

interface ChannelHabits { type: string; priority: Priority; category?: string }
export const INBOUND_CHANNELS: Record<string, ChannelHabits> = {
  110: { type: 'help', priority: 'urgent' },
  12345: { type: 'help', priority: 'normal' },
  12389: { type: 'report', priority: 'normal', category: 'police_conduct' },
  petition: { type: 'complaint', priority: 'normal' },
  wechat: { type: 'help', priority: 'normal' },
  weibo: { type: 'help', priority: 'normal' },
};

const unauthorizedChannel = (message: string) => new AppError(401, 'invalid_signature', message);

/** Checks X-Timestamp and X-Signature against the channel's secret; throws 401 saying what is wrong. */
export async function verifyChannelRequest(deps: Deps, channel: string, timestamp: string | undefined, signature: string | undefined, raw: string): Promise<void> {
  if (!(channel in INBOUND_CHANNELS)) throw notFound(`渠道“${channel}”`);
  const secret = (await deps.catalog.get()).channels.get(channel)?.secret;
  if (!secret) throw unauthorizedChannel(`渠道“${channel}”尚未配置共享密钥，无法验证签名`);
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) throw unauthorizedChannel('缺少或无效的 X-Timestamp（Unix 秒）');
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_S) throw unauthorizedChannel(`X-Timestamp 与服务器时间相差超过 ${SIGNATURE_WINDOW_S} 秒，请求已过期`);
  if (!signature || !/^[0-9a-fA-F]{64}$/.test(signature)) throw unauthorizedChannel('缺少或无效的 X-Signature（HMAC-SHA256 十六进制）');
  const expected = Buffer.from(sign(secret, timestamp, raw), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), 'hex'))) throw unauthorizedChannel('签名不符：X-Signature 应为密钥对“X-Timestamp.原始请求体”的 HMAC-SHA256');
}

export interface ChannelLetter {
  externalId: string;
  receivedAt: string;
  citizen: { name: string; phone: string; idNumber?: string };
  title?: string;
  content: string;
  address?: string;
  category?: string;
  type?: string;
  urgency?: Priority;
}

/** A letter from a channel becomes a case; `created` is false when the external id was seen before. */
export async function receiveFromChannel(deps: Deps, channel: string, l: ChannelLetter): Promise<{ id: number; number: string; created: boolean }> {
  const habits = INBOUND_CHANNELS[channel];
  const receivedAt = new Date(l.receivedAt);
  if (Number.isNaN(receivedAt.getTime())) throw badRequest('receivedAt', '不是有效的时间（ISO 8601，如 2026-11-28T09:30:00+08:00）');
  if (receivedAt.getTime() > Date.now() + SIGNATURE_WINDOW_S * 1000) throw badRequest('receivedAt', '不能晚于当前时间');
  // Year -271821 was accepted as a time of receipt (found by a probe next to test/fuzz.test.ts): see domain/instants.ts.
  if (!isReasonableInstant(receivedAt)) throw badRequest('receivedAt', INSTANT_RANGE_MESSAGE);
  if (!isMainlandMobile(l.citizen.phone)) throw badRequest('citizen.phone', '不是有效的手机号码');
  if (l.citizen.idNumber && !isValidChineseId(l.citizen.idNumber)) throw badRequest('citizen.idNumber', '身份证号码校验不通过');
  const created = await createCase(deps, { kind: 'system', label: `渠道：${(await deps.catalog.get()).channels.get(channel)?.name ?? channel}` }, {
    channel,
    externalId: l.externalId,
    type: l.type ?? habits.type,
    category: l.category ?? habits.category ?? null,
    title: l.title?.trim() || l.content.trim().slice(0, 30),
    content: l.content,
    address: l.address ?? null,
    priority: l.urgency ?? habits.priority,
    citizenName: l.citizen.name,
    citizenPhone: normalizeMobile(l.citizen.phone),
    // The channel's own reception time. The writer's ID number is checked but not kept: events are
    // read by every unit that sees the case, and even a masked number tells a unit who complained.
    channelData: { channelReceivedAt: receivedAt.toISOString(), idNumberGiven: !!l.citizen.idNumber },
  });
  return { id: created.row.id, number: created.row.number, created: !created.replayed };
}
