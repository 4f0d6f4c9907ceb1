// The one HTTP client of the front end. Errors come back as ApiError with the server's
// {error: {code, message}} — messages are already in Chinese, shown to people as they are.
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

// The session lives in an HttpOnly cookie that the page's script never sees (so an injected script
// cannot steal it); the server sets it at sign-in and clears it at sign-out. Every state-changing
// request carries the double-submit CSRF token: the `csrf` cookie (readable, set with the session)
// echoed in the X-CSRF-Token header. Who is signed in comes from GET /api/auth/me.
export type Audience = 'staff' | 'citizen';

const CSRF_COOKIE = 'csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim()) || null;
  }
  return null;
}

export interface Me { kind: 'staff' | 'citizen'; id?: number; username?: string; displayName?: string; name?: string; roles?: string[]; unitCode?: string | null; totpEnabled?: boolean }

/**
 * The browser's session as the page knows it. The csrf cookie comes and goes with the session cookie,
 * so without it there is no session and no need to ask the server (a 401 would only fill the console).
 */
export const session = {
  /** Whether a session cookie is probably there (the server has the last word). */
  present: () => !!readCookie(CSRF_COOKIE),
  /** Forgets the session on this side (after a 401 or a sign-out): the csrf cookie goes, and with it the hint. */
  forget() {
    document.cookie = `${CSRF_COOKIE}=; Path=/; Max-Age=0; SameSite=Strict`;
    me = null;
  },
  /** Who is signed in, asked once and remembered until a sign-in, sign-out or 401. */
  me(): Promise<Me | null> {
    if (!session.present()) return Promise.resolve(null);
    me ??= request<Me>(null, 'GET', '/api/auth/me').catch((e) => {
      if (e instanceof ApiError && e.status === 401) session.forget();
      return null;
    });
    return me;
  },
  /** After a sign-in: drop what was remembered about the previous session. */
  changed() { me = null; },
};
let me: Promise<Me | null> | null = null;

/** Headers every request of this page sends: the CSRF token on anything that changes state. */
function withCsrf(method: string, headers: Record<string, string>): Record<string, string> {
  const csrf = SAFE.has(method.toUpperCase()) ? null : readCookie(CSRF_COOKIE);
  return csrf ? { ...headers, 'x-csrf-token': csrf } : headers;
}

/** `who` names the audience that must be signed in: a 401 then ends that session on this side. */
export async function request<T = any>(who: Audience | null, method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  let headers = withCsrf(method, { ...(init.headers as Record<string, string> | undefined) });
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) { headers = { ...headers, 'content-type': 'application/json' }; payload = JSON.stringify(body); }
  const r = await fetch(path, { ...init, method, headers, body: payload, credentials: 'same-origin' });
  if (r.status === 204) return undefined as T;
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (!r.ok) {
    if (r.status === 401 && who) session.forget();
    throw new ApiError(r.status, data?.error?.code ?? 'error', data?.error?.message ?? `HTTP ${r.status}`);
  }
  return data as T;
}

/** A GET with the session cookie, for bytes (photos): the answer as it comes. */
export function fetchWithSession(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(path, { ...init, credentials: 'same-origin' });
}

/** The server's file name from Content-Disposition: the UTF-8 one (RFC 5987 filename*) if given. */
function fileNameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star) { try { return decodeURIComponent(star[1]); } catch { /* a broken name: use the plain one */ } }
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/** Downloads a file the server makes (an Excel export, a citizen's data) with the audience's session, under the server's file name, which it returns. */
export async function download(_who: Audience, path: string, fallbackName = 'export.xlsx'): Promise<string> {
  const r = await fetchWithSession(path);
  if (!r.ok) {
    const data = await r.json().catch(() => null);
    if (r.status === 401) session.forget();
    throw new ApiError(r.status, data?.error?.code ?? 'error', data?.error?.message ?? `HTTP ${r.status}`);
  }
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(r.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return a.download;
}

export const staffApi = {
  get: <T = any>(path: string) => request<T>('staff', 'GET', path),
  post: <T = any>(path: string, body?: unknown) => request<T>('staff', 'POST', path, body),
  put: <T = any>(path: string, body?: unknown) => request<T>('staff', 'PUT', path, body),
};

export const citizenApi = {
  get: <T = any>(path: string) => request<T>('citizen', 'GET', path),
  post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('citizen', 'POST', path, body, { headers }),
};

export const publicApi = {
  get: <T = any>(path: string) => request<T>(null, 'GET', path),
  post: <T = any>(path: string, body?: unknown) => request<T>(null, 'POST', path, body),
};
