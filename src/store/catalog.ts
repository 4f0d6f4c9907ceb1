// The bureau's configuration as the running system sees it: organisation, time-limit policy,
// rate formulas and the holiday calendar. Read often, changed rarely, so it is cached briefly;
// an admin change drops the cache at once in this process and, through a notification, in every
// other process on the database (a channel's new secret must hold in all of them at once).
import type { Queryable, Store } from './db.js';
import type { Category, District, Unit } from '../domain/organisation.js';
import { calendarFrom, type HolidayCalendar } from '../domain/calendar.js';
import { DEFAULT_TIME_LIMIT_POLICY, type TimeLimitPolicy } from '../domain/timeLimits.js';
import { DEFAULT_RATES_CONFIG, type RatesConfig } from '../domain/rates.js';
import { DEFAULT_ROUTER_SETTINGS } from '../domain/router/settings.js';

export interface Catalog {
  districts: District[];
  units: Map<string, Unit>;
  categories: Map<string, Category>;
  channels: Map<string, { code: string; name: string; secret: string | null; webhookUrl: string | null }>;
  appealTypes: Map<string, string>;
  timeLimits: TimeLimitPolicy;
  rates: RatesConfig;
  calendar: HolidayCalendar;
  /** 直派 threshold and training history size (commands/router.ts). */
  router: typeof DEFAULT_ROUTER_SETTINGS;
}

const TTL_MS = 5000;
const CHANGED = 'catalog_changed';

export class CatalogCache {
  private cached: { at: number; value: Catalog } | null = null;
  private loading: Promise<Catalog> | null = null;

  constructor(private db: Queryable) {}

  /** After an admin change has committed: drop this cache, and tell the other processes to drop theirs. */
  invalidate() {
    this.cached = null;
    void this.db.query(`SELECT pg_notify('${CHANGED}', '')`).catch(() => { /* the others fall back on TTL_MS */ });
  }

  /** Listens for other processes' changes; returns how to stop listening. */
  watch(store: Store): Promise<() => Promise<void>> {
    return store.listen(CHANGED, () => { this.cached = null; });
  }

  async get(): Promise<Catalog> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) return this.cached.value;
    this.loading ??= loadCatalog(this.db).then((value) => {
      this.cached = { at: Date.now(), value };
      return value;
    }).finally(() => { this.loading = null; });
    return this.loading;
  }
}

export async function loadCatalog(db: Queryable): Promise<Catalog> {
  const [districts, units, categories, channels, types, settings, years] = await Promise.all([
    db.query<District>('SELECT code, name FROM districts ORDER BY code'),
    db.query<Unit>('SELECT code, name, kind, district FROM units WHERE active ORDER BY code'),
    db.query<any>('SELECT code, name, examples, route_to, confidential FROM categories ORDER BY sort_order, code'),
    db.query<any>('SELECT code, name, secret, webhook_url FROM channels ORDER BY code'),
    db.query<any>('SELECT code, name FROM appeal_types ORDER BY sort_order, code'),
    db.query<{ key: string; value: any }>("SELECT key, value FROM settings WHERE key IN ('time_limits', 'rates', 'router')"),
    db.query<{ holidays: string[]; workdays: string[] }>('SELECT holidays, workdays FROM calendar_years'),
  ]);
  const setting = (k: string) => settings.rows.find((r) => r.key === k)?.value;
  return {
    districts: districts.rows,
    units: new Map(units.rows.map((u) => [u.code, u])),
    categories: new Map(categories.rows.map((c) => [c.code, { code: c.code, name: c.name, examples: c.examples, routeTo: c.route_to, confidential: c.confidential }])),
    channels: new Map(channels.rows.map((c) => [c.code, { code: c.code, name: c.name, secret: c.secret, webhookUrl: c.webhook_url }])),
    appealTypes: new Map(types.rows.map((t) => [t.code, t.name])),
    timeLimits: setting('time_limits') ?? DEFAULT_TIME_LIMIT_POLICY,
    rates: setting('rates') ?? DEFAULT_RATES_CONFIG,
    calendar: calendarFrom(years.rows),
    router: { ...DEFAULT_ROUTER_SETTINGS, ...(setting('router') ?? {}) },
  };
}
