// The one HTTP client of the front end. Errors come back as ApiError with the server's
// {error: {code, message}} — messages are already in Chinese, shown to people as they are.
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

const TOKEN_KEY = { staff: 'jsjb.staffToken', citizen: 'jsjb.citizenToken' } as const;
export type Audience = keyof typeof TOKEN_KEY;

export const tokens = {
  get: (who: Audience) => sessionStorage.getItem(TOKEN_KEY[who]),
  set: (who: Audience, token: string) => sessionStorage.setItem(TOKEN_KEY[who], token),
  clear: (who: Audience) => sessionStorage.removeItem(TOKEN_KEY[who]),
};

export async function request<T = any>(who: Audience | null, method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  const token = who ? tokens.get(who) : null;
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) { headers['content-type'] = 'application/json'; payload = JSON.stringify(body); }
  const r = await fetch(path, { ...init, method, headers, body: payload });
  if (r.status === 204) return undefined as T;
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (!r.ok) {
    if (r.status === 401 && who) tokens.clear(who);
    throw new ApiError(r.status, data?.error?.code ?? 'error', data?.error?.message ?? `HTTP ${r.status}`);
  }
  return data as T;
}

/** The server's file name from Content-Disposition: the UTF-8 one (RFC 5987 filename*) if given. */
function fileNameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star) { try { return decodeURIComponent(star[1]); } catch { /* a broken name: use the plain one */ } }
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/** Downloads a file the server makes (an Excel export) with the audience's token, under the server's file name. */
export async function download(who: Audience, path: string, fallbackName = 'export.xlsx'): Promise<void> {
  const token = tokens.get(who);
  const r = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!r.ok) {
    const data = await r.json().catch(() => null);
    if (r.status === 401) tokens.clear(who);
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
