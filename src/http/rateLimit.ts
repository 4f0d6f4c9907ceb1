// Per-IP token buckets in front of every endpoint that answers without a signed-in user. Three
// classes, each its own limit (config.rateLimits, env RATE_LIMIT_SIGNIN / _PUBLIC / _INTAKE):
//   signin  POST /api/auth/login, /api/citizen/otp, /api/citizen/verify — password and code guessing,
//           SMS cost (the per-user lock-out and the per-phone code limit stay as they are, behind this);
//   intake  POST of the integration channels and Open311 — letters without a user session;
//   public  every other route marked public (FAQ, public stats, organisation, typical cases, Open311
//           reads, logout, the test clock), /healthz, /openapi.json, and any /api or /open311 path
//           that does not exist.
// Not limited here, on purpose: requests of signed-in users (they are accountable, and the API
// limits them by role), the built web front end's files and pages, and /docs with its files.
// Over the limit: 429, Retry-After (whole seconds), a Chinese message.
//
// The buckets live in this process's memory: with WORKERS=N each process counts on its own, and
// behind a reverse proxy every caller shares the proxy's address (trustProxy is off) — hence the
// generous defaults.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config, RateLimit } from '../config.js';
import { AppError } from './errors.js';

export type RateClass = 'signin' | 'public' | 'intake';

const SIGNIN = new Set(['POST /api/auth/login', 'POST /api/citizen/otp', 'POST /api/citizen/verify']);

/** Which bucket a request draws from; null for requests that are not limited here (see above). */
export function rateClassOf(req: FastifyRequest): RateClass | null {
  const route = req.routeOptions.url;
  const path = req.url.split('?')[0];
  if (route && SIGNIN.has(`${req.method} ${route}`)) return 'signin';
  const isIntake = req.method === 'POST' && (route?.startsWith('/api/channels/') || route?.startsWith('/open311/'));
  if (isIntake) return 'intake';
  const cfg = req.routeOptions.config as { public?: boolean } | undefined;
  if (cfg?.public || route === '/healthz' || route === '/openapi.json' || route?.startsWith('/open311/')) return 'public';
  // A path with no route of its own (none, or the static files' catch-all "/*"): under /api or /open311
  // the API's 404, counted as public; elsewhere a file or page of the front end, not limited.
  if ((!route || route === '/*') && /^\/(api|open311)(\/|$)/.test(path)) return 'public';
  return null;
}

interface Bucket { tokens: number; at: number }

/** Token buckets by key; entries that have refilled are swept now and then, so memory stays bounded. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private takes = 0;
  constructor(private readonly limit: RateLimit, private readonly maxKeys = 100_000) {}

  /** Takes one token: 0 when allowed, else the seconds until one is back. */
  take(key: string, now = Date.now()): number {
    if (++this.takes % 1000 === 0 || this.buckets.size > this.maxKeys) this.sweep(now);
    const b = this.buckets.get(key);
    const tokens = b ? Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond) : this.limit.burst;
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return 0;
    }
    this.buckets.set(key, { tokens, at: now });
    return Math.max(1, Math.ceil((1 - tokens) / this.limit.perSecond));
  }

  private sweep(now: number) {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(k);
    }
    // Still too many (a flood from very many addresses): forget the oldest half rather than grow.
    if (this.buckets.size > this.maxKeys) {
      let drop = this.buckets.size - this.maxKeys / 2;
      for (const k of this.buckets.keys()) { if (drop-- <= 0) break; this.buckets.delete(k); }
    }
  }
}

const MESSAGES: Record<RateClass, string> = {
  signin: '登录或验证请求过于频繁，请稍后再试',
  public: '请求过于频繁，请稍后再试',
  intake: '来信提交过于频繁，请稍后再试',
};

export function registerRateLimit(app: FastifyInstance, config: Pick<Config, 'rateLimits'>) {
  const buckets: Partial<Record<RateClass, TokenBuckets>> = {};
  for (const k of ['signin', 'public', 'intake'] as const) {
    const l = config.rateLimits[k];
    if (l) buckets[k] = new TokenBuckets(l);
  }
  app.addHook('onRequest', async (req, reply) => {
    const cls = rateClassOf(req);
    const b = cls && buckets[cls];
    if (!b) return;
    const wait = b.take(req.ip);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new AppError(429, 'too_many_requests', `${MESSAGES[cls]}（${wait} 秒后可重试）`);
    }
  });
}
