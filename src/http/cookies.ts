// Cookies without a plugin: reading the Cookie header and writing Set-Cookie (RFC 6265). Only what
// the browser session needs — names are fixed tokens, values are base64url, so no escaping is needed
// beyond refusing anything else.
import type { FastifyReply } from 'fastify';

/** The cookies of a Cookie header; the first of two with the same name wins (the most specific path). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (!header || header.length > 8192) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    let value = part.slice(i + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name && !(name in out)) out[name] = value;
  }
  return out;
}

export interface CookieOptions {
  maxAgeSeconds?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'Strict' | 'Lax';
  path?: string;
}

const NAME = /^[A-Za-z0-9_-]+$/;
const VALUE = /^[A-Za-z0-9_\-.]*$/;

export function serializeCookie(name: string, value: string, o: CookieOptions = {}): string {
  if (!NAME.test(name)) throw new Error(`bad cookie name ${name}`);
  if (!VALUE.test(value)) throw new Error(`bad cookie value for ${name}`);
  const parts = [`${name}=${value}`, `Path=${o.path ?? '/'}`];
  if (o.maxAgeSeconds !== undefined) {
    parts.push(`Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`);
    if (o.maxAgeSeconds <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  }
  if (o.httpOnly) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  parts.push(`SameSite=${o.sameSite ?? 'Strict'}`);
  return parts.join('; ');
}

/**
 * Sets these cookies on the reply. A cookie of the same name set earlier in this request (a stale
 * session being cleared) is replaced, so the browser never sees two answers for one name.
 */
export function setCookies(reply: FastifyReply, ...cookies: string[]) {
  const prev = reply.getHeader('set-cookie');
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev.map(String) : [String(prev)];
  const nameOf = (c: string) => c.slice(0, c.indexOf('='));
  const names = new Set(cookies.map(nameOf));
  reply.header('set-cookie', [...list.filter((c) => !names.has(nameOf(c))), ...cookies]);
}
