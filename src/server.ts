// Assembles one running system: store, migrations, default organisation, commands' deps,
// HTTP server and the time-limit watcher. Used by main.ts, the tests and the benchmarks alike.
import type { Config } from './config.js';
import { randomPassword } from './config.js';
import { openStore, migrate, type Store } from './store/db.js';
import { seedOrganisation, ensureAdmin } from './store/seed.js';
import { CatalogCache } from './store/catalog.js';
import { Clock } from './clock.js';
import { RecordingProvider } from './notify/messages.js';
import type { Deps } from './commands/deps.js';
import { buildHttp, type App } from './http/app.js';
import { startWatcher, type Watcher } from './jobs/timeLimitWatcher.js';
import { loadDemoData } from './store/demo.js';
import { Router, startRouterTraining } from './commands/router.js';
import { backfillTerms } from './jobs/termsBackfill.js';
import { startFolding } from './commands/figures.js';
import { startAlertJob, type AlertJob } from './jobs/alertJob.js';
import { startRetentionJob, type RetentionJob } from './jobs/retention.js';
import { startTrailSealer } from './jobs/trailSealer.js';
import { startOutbox, DEFAULT_OUTBOX, type OutboxWorker } from './jobs/outbox.js';
import { transportsFromEnv } from './notify/transports/config.js';
import type { MessageTransport } from './notify/transports/types.js';
import { rekey } from './commands/rekey.js';

export interface System { app: App; deps: Deps; watcher: Watcher | null; outbox: OutboxWorker | null; store: Store; close(): Promise<void>; generatedAdminPassword?: string }

export async function startSystem(config: Config, opts: { logger?: boolean | object; watcher?: boolean; outbox?: boolean; store?: Store; transports?: MessageTransport[] } = {}): Promise<System> {
  const store = opts.store ?? await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir || undefined, batchRoundTrips: config.pgBatch });
  await migrate(store);
  // Writers stored before personal data was sealed get sealed (and findable by phone) now; the rest is `npm run rekey`.
  if ((await store.query('SELECT 1 FROM citizens WHERE phone_hash IS NULL LIMIT 1')).rows.length) await rekey(store, { only: 'unsealed', tables: ['citizens'] });
  await seedOrganisation(store);
  const generated = config.adminPassword ? undefined : randomPassword();
  const created = await ensureAdmin(store, config.adminPassword ?? generated!);
  const clock = new Clock();
  await clock.refresh(store);
  // Real gateways for messages to citizens come from the environment (an incomplete set stops the start).
  const transports = opts.transports ?? transportsFromEnv(process.env);
  const deps: Deps = { store, clock, catalog: new CatalogCache(store), messages: new RecordingProvider(new Set(transports.map((t) => t.channel))), router: new Router() };
  const unwatchCatalog = await deps.catalog.watch(store);
  if (config.demoData) await loadDemoData(deps);
  const app = await buildHttp(deps, config, opts.logger ?? false);
  const stopTraining = startRouterTraining(deps as Deps & { router: Router }, (e) => app.log.error({ err: e }, 'router training failed'));
  const stopFolding = startFolding(store, 2000, (e) => app.log.error({ err: e }, 'folding the figures failed'));
  let closing = false;
  const backfill = backfillTerms(store, () => closing).catch((e) => app.log.error({ err: e }, 'similar-letter backfill failed'));
  let watcher: Watcher | null = null;
  if (opts.watcher !== false) {
    watcher = startWatcher(deps, config.watcherIntervalMs, (e) => app.log.error({ err: e }, 'time-limit watcher failed'));
    deps.wakeWatcher = () => watcher!.wake();
  }
  // The early warnings (未诉先办), once a day; off with the watcher (systems that only serve requests).
  const alertJob: AlertJob | null = opts.watcher === false ? null
    : startAlertJob(deps, { intervalMs: 24 * 3600_000 }, (e) => app.log.error({ err: e }, 'early-warning job failed'));
  // Retention of personal data (RETENTION_DAYS), hourly; off with the watcher, like the early warnings.
  const retentionJob: RetentionJob | null = opts.watcher === false ? null
    : startRetentionJob(deps, { intervalMs: 3600_000, days: config.retentionDays }, (e) => app.log.error({ err: e }, 'retention job failed'));
  const outbox = opts.outbox === false ? null : startOutbox(deps,
    { ...DEFAULT_OUTBOX, intervalMs: config.outboxIntervalMs, baseDelayMs: config.outboxRetryBaseMs, maxAttempts: config.outboxMaxAttempts, leaseMs: config.outboxLeaseMs, transports },
    (e) => app.log.error({ err: e }, 'outbox delivery failed'));
  // The global chain of the audit trail, sealed in the background (one process at a time).
  const trailSealer = opts.watcher === false || !config.trailSealIntervalMs ? null
    : startTrailSealer(deps, { intervalMs: config.trailSealIntervalMs }, (e) => app.log.error({ err: e }, 'sealing the audit trail failed'));
  return {
    app, deps, watcher, outbox, store,
    generatedAdminPassword: created ? generated : undefined,
    async close() {
      const t0 = Date.now();
      stopTraining();
      closing = true;
      await stopFolding();
      await backfill;
      await app.close();
      app.log.info({ ms: Date.now() - t0 }, 'http closed');
      await watcher?.stop();
      await alertJob?.stop();
      await retentionJob?.stop();
      await outbox?.stop();
      await trailSealer?.stop();
      await unwatchCatalog();
      app.log.info({ ms: Date.now() - t0 }, 'watcher stopped');
      if (!opts.store) await store.close();
      app.log.info({ ms: Date.now() - t0 }, 'store closed');
    },
  };
}
