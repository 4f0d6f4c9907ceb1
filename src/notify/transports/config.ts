// Which real transports this process has, from its environment. A channel is configured as a
// group of variables: none of them set = no transport for that channel; some set = all its
// required ones must be, or startup fails with a TransportConfigError naming what is missing.
// Empty values count as not set.
//
//   SMS     SMS_GATEWAY_URL, SMS_GATEWAY_KEY                       optional SMS_TIMEOUT_MS
//   WeChat  WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_TEMPLATE_ID   optional WECHAT_API_BASE, WECHAT_TEMPLATE_FIELD, WECHAT_TIMEOUT_MS
//   e-mail  SMTP_HOST, MAIL_FROM                                   optional SMTP_PORT, SMTP_SECURE, SMTP_USER + SMTP_PASS, SMTP_TIMEOUT_MS
import { SmsHttpTransport } from './smsHttp.js';
import { WechatTemplateTransport } from './wechat.js';
import { SmtpTransport } from './email.js';
import type { MessageTransport } from './types.js';

export class TransportConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportConfigError';
  }
}

interface Group { name: string; required: string[]; optional: string[] }

export const SMS_ENV: Group = { name: 'SMS', required: ['SMS_GATEWAY_URL', 'SMS_GATEWAY_KEY'], optional: ['SMS_TIMEOUT_MS'] };
export const WECHAT_ENV: Group = {
  name: 'WeChat',
  required: ['WECHAT_APP_ID', 'WECHAT_APP_SECRET', 'WECHAT_TEMPLATE_ID'],
  optional: ['WECHAT_API_BASE', 'WECHAT_TEMPLATE_FIELD', 'WECHAT_TIMEOUT_MS'],
};
export const SMTP_ENV: Group = {
  name: 'e-mail',
  required: ['SMTP_HOST', 'MAIL_FROM'],
  optional: ['SMTP_PORT', 'SMTP_SECURE', 'SMTP_USER', 'SMTP_PASS', 'SMTP_TIMEOUT_MS'],
};

/** The transports whose settings are present, in the order SMS, WeChat, e-mail. Throws TransportConfigError on an incomplete or invalid set. */
export function transportsFromEnv(env: NodeJS.ProcessEnv): MessageTransport[] {
  const get = (k: string): string | undefined => {
    const v = env[k]?.trim();
    return v ? v : undefined;
  };
  /** Undefined when no variable of the group is set; otherwise checks the required ones are. */
  const group = (g: Group): ((k: string) => string) | undefined => {
    const set = [...g.required, ...g.optional].filter((k) => get(k) !== undefined);
    if (set.length === 0) return undefined;
    const missing = g.required.filter((k) => get(k) === undefined);
    if (missing.length > 0) {
      throw new TransportConfigError(
        `${g.name} transport is half configured: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing (${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set). ` +
        `Set ${missing.join(' and ')}, or unset ${g.name === 'e-mail' ? 'the SMTP_*/MAIL_FROM variables' : `the ${g.required[0].split('_')[0]}_* variables`}.`);
    }
    return (k) => get(k)!;
  };
  const positiveInt = (k: string, max = Number.MAX_SAFE_INTEGER): number | undefined => {
    const v = get(k);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new TransportConfigError(`${k} must be a whole number from 1 to ${max}, not ${JSON.stringify(v)}`);
    return Number(v);
  };
  const httpUrl = (k: string): string => {
    const v = get(k)!;
    let u: URL;
    try { u = new URL(v); } catch { throw new TransportConfigError(`${k} is not a URL: ${JSON.stringify(v)}`); }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TransportConfigError(`${k} must be an http:// or https:// URL, not ${JSON.stringify(v)}`);
    return v;
  };

  const out: MessageTransport[] = [];

  const sms = group(SMS_ENV);
  if (sms) {
    out.push(new SmsHttpTransport({ url: httpUrl('SMS_GATEWAY_URL'), key: sms('SMS_GATEWAY_KEY'), timeoutMs: positiveInt('SMS_TIMEOUT_MS') }));
  }

  const wx = group(WECHAT_ENV);
  if (wx) {
    out.push(new WechatTemplateTransport({
      appId: wx('WECHAT_APP_ID'),
      appSecret: wx('WECHAT_APP_SECRET'),
      templateId: wx('WECHAT_TEMPLATE_ID'),
      base: get('WECHAT_API_BASE') === undefined ? undefined : httpUrl('WECHAT_API_BASE'),
      templateField: get('WECHAT_TEMPLATE_FIELD'),
      timeoutMs: positiveInt('WECHAT_TIMEOUT_MS'),
    }));
  }

  const mail = group(SMTP_ENV);
  if (mail) {
    const secureRaw = get('SMTP_SECURE')?.toLowerCase();
    let secure: boolean | undefined;
    if (secureRaw !== undefined) {
      if (['1', 'true', 'yes', 'on'].includes(secureRaw)) secure = true;
      else if (['0', 'false', 'no', 'off'].includes(secureRaw)) secure = false;
      else throw new TransportConfigError(`SMTP_SECURE must be true or false, not ${JSON.stringify(get('SMTP_SECURE'))}`);
    }
    const port = positiveInt('SMTP_PORT', 65535) ?? (secure ? 465 : 587);
    secure ??= port === 465;
    const user = get('SMTP_USER');
    const pass = get('SMTP_PASS');
    if ((user === undefined) !== (pass === undefined)) {
      throw new TransportConfigError(`${user === undefined ? 'SMTP_USER' : 'SMTP_PASS'} is missing: SMTP_USER and SMTP_PASS go together (${user === undefined ? 'SMTP_PASS' : 'SMTP_USER'} is set)`);
    }
    const from = mail('MAIL_FROM');
    if (!/@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+>?$/.test(from)) throw new TransportConfigError(`MAIL_FROM must hold an e-mail address, e.g. "局长信箱 <noreply@example.gov.cn>", not ${JSON.stringify(from)}`);
    out.push(new SmtpTransport({
      host: mail('SMTP_HOST'),
      port,
      secure,
      auth: user !== undefined && pass !== undefined ? { user, pass } : undefined,
      from,
      timeoutMs: positiveInt('SMTP_TIMEOUT_MS'),
    }));
  }

  return out;
}
