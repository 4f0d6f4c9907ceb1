// Everything the process reads from its environment, read once, in one place.
import { randomBytes } from 'node:crypto';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
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
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
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
  };
}

export function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}
