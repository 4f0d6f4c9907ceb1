// Everything the process reads from its environment, read once, in one place.
import { randomBytes } from 'node:crypto';
import { DEFAULT_RETENTION_DAYS } from './domain/retention.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** PG_BATCH=0: one round trip per statement instead of sending BEGIN/exec()/COMMIT with the next statement (store/db.ts). */
  pgBatch: boolean;
  adminPassword?: string;
  demoData: boolean;
  clockControl: boolean;
  logLevel: string;
  /** How often the time-limit watcher looks for limits that turn yellow or red. */
  watcherIntervalMs: number;
  tokenTtlHours: number;
  /** The outbox worker: how often it looks, and how long before the first retry (doubling after). */
  outboxIntervalMs: number;
  outboxRetryBaseMs: number;
  /** Failed attempts before an entry goes to the dead-letter list. */
  outboxMaxAttempts: number;
  /** How long a claimed entry is left to its process before another may deliver it (a crash mid-delivery). */
  outboxLeaseMs: number;
  /** Processes serving on one port (node:cluster); more than one needs the PostgreSQL server. */
  workers: number;
  /** How often the audit trail's global chain is sealed; 0 = not in this process. */
  trailSealIntervalMs: number;
  /**
   * RETENTION_DAYS: how long a finished (closed or merged) case keeps its writer's identity before the
   * retention job anonymises it, and how long a citizen without a case is kept (domain/retention.ts); 0 = off.
   */
  retentionDays: number;
  /** COOKIE_SECURE=1: the service is reached over TLS — session cookies get `Secure`, responses HSTS. */
  cookieSecure: boolean;
  /** Per-IP token buckets of the public endpoints (src/http/rateLimit.ts); null = that limit is off. */
  rateLimits: { signin: RateLimit | null; public: RateLimit | null; intake: RateLimit | null };
}

/** A token bucket: `burst` requests at once, refilled at `perSecond`. */
export interface RateLimit { burst: number; perSecond: number }

/** `N/S` = N requests per S seconds (a burst of N); `off` or `0` turns the limit off. */
export function parseRateLimit(name: string, value: string | undefined, fallback: string): RateLimit | null {
  const v = (value ?? fallback).trim();
  if (v === 'off' || v === '0') return null;
  const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(v);
  if (!m || Number(m[1]) < 1 || Number(m[2]) <= 0) throw new Error(`${name}=${v}: expected N/S (N requests per S seconds) or off`);
  return { burst: Number(m[1]), perSecond: Number(m[1]) / Number(m[2]) };
}

/** RETENTION_DAYS: a whole number of days, 0 for off; default three years. */
export function retentionDays(value: string | undefined): number {
  const v = (value ?? '').trim();
  if (v === '') return DEFAULT_RETENTION_DAYS;
  if (!/^\d+$/.test(v)) throw new Error(`RETENTION_DAYS=${v}: expected a whole number of days (0 = off)`);
  return Number(v);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    pgBatch: env.PG_BATCH !== '0',
    adminPassword: env.ADMIN_PASSWORD || undefined,
    demoData: env.DEMO_DATA === '1' || env.DEMO_DATA === 'true',
    clockControl: env.CLOCK_CONTROL === '1' || env.CLOCK_CONTROL === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
    watcherIntervalMs: Number(env.WATCHER_INTERVAL_MS ?? 1000),
    tokenTtlHours: Number(env.TOKEN_TTL_HOURS ?? 12),
    outboxIntervalMs: Number(env.OUTBOX_INTERVAL_MS ?? 1000),
    outboxRetryBaseMs: Number(env.OUTBOX_RETRY_BASE_MS ?? 2000),
    outboxMaxAttempts: Number(env.OUTBOX_MAX_ATTEMPTS ?? 15),
    outboxLeaseMs: Number(env.OUTBOX_LEASE_MS ?? 60_000),
    workers: Number(env.WORKERS ?? 1),
    trailSealIntervalMs: Number(env.TRAIL_SEAL_INTERVAL_MS ?? 1000),
    retentionDays: retentionDays(env.RETENTION_DAYS),
    cookieSecure: env.COOKIE_SECURE === '1' || env.COOKIE_SECURE === 'true',
    rateLimits: {
      signin: parseRateLimit('RATE_LIMIT_SIGNIN', env.RATE_LIMIT_SIGNIN, '300/60'),
      public: parseRateLimit('RATE_LIMIT_PUBLIC', env.RATE_LIMIT_PUBLIC, '1200/60'),
      intake: parseRateLimit('RATE_LIMIT_INTAKE', env.RATE_LIMIT_INTAKE, '1200/60'),
    },
  };
}

export function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}
