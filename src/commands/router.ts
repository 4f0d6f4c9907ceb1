// 直派: the router suggests category, district and unit for a letter, with a calibrated confidence
// and the words that decided. It learns from the police seed letters, imported history and every
// dispatch the center makes; retraining runs in the background, never on a request.
import { Worker } from 'node:worker_threads';
import type { Deps } from './deps.js';
import type { Queryable } from '../store/db.js';
import { train, predict, addExample, type Model, type Example } from '../domain/router/classifier.js';
import { POLICE_SEED } from '../domain/router/police.js';
import { districtOf } from '../domain/text/gazetteer.js';
import { routeUnit } from '../domain/organisation.js';
import { DEFAULT_ROUTER_SETTINGS } from '../domain/router/settings.js';
import type { Catalog } from '../store/catalog.js';

export interface Suggestion {
  category: { code: string; confidence: number } | null;
  district: string | null;
  districtEvidence: string | null;
  unitCode: string | null;
  explanation: { term: string; weight: number }[];
  /** True when the confidence clears the configured threshold and the unit is known: dispatch directly. */
  direct: boolean;
}


const HISTORY_SQL = `SELECT title, content, category FROM cases
  WHERE category IS NOT NULL AND (imported OR dispatched_at IS NOT NULL) AND status <> 'merged'
  ORDER BY id DESC LIMIT $1`;

export class Router {
  private model: Model | null = null;
  private training: Promise<void> | null = null;
  trainedAt: Date | null = null;
  /** Where the last training ran: 'worker' normally, 'inline' when no worker thread could be had. */
  trainedIn: 'worker' | 'inline' | null = null;
  examples = 0;

  /** Retrains from the seed and the store's history. Yields between steps so requests keep flowing. */
  retrain(db: Queryable, limit = DEFAULT_ROUTER_SETTINGS.historyLimit): Promise<void> {
    this.training ??= (async () => {
      const r = await db.query<{ title: string; content: string; category: string }>(HISTORY_SQL, [limit]);
      const examples: Example[] = [...POLICE_SEED, ...r.rows.map((c) => ({ text: `${c.title}\n${c.content}`, label: c.category }))];
      const out = await trainOffThread(examples);
      this.model = out.model;
      this.trainedIn = out.where;
      this.examples = examples.length;
      this.trainedAt = new Date();
    })().finally(() => { this.training = null; });
    return this.training;
  }

  /** A dispatch the center made or corrected: a cheap online correction until the next retrain. */
  learn(text: string, category: string) {
    if (this.model && this.model.labels.includes(category)) this.model = addExample(this.model, { text, label: category });
  }

  ready(): boolean { return this.model !== null; }

  suggest(catalog: Catalog, threshold: number, input: { title?: string | null; content: string; address?: string | null; location?: { lat: number; lng: number } | null }): Suggestion {
    const text = `${input.title ?? ''}\n${input.content}`;
    const place = districtOf(`${input.address ?? ''} ${text}`, input.location ?? null);
    const district = place.district && catalog.districts.some((d) => d.code === place.district) ? place.district : null;
    if (!this.model) return { category: null, district, districtEvidence: place.evidence, unitCode: null, explanation: [], direct: false };
    const p = predict(this.model, text);
    const cat = catalog.categories.get(p.label);
    const unitCode = cat ? routeUnit(cat.routeTo, district) : null;
    const confidence = Math.round(p.confidence * 1000) / 1000;
    return {
      category: cat ? { code: cat.code, confidence } : null,
      district,
      districtEvidence: place.evidence,
      unitCode: unitCode && catalog.units.has(unitCode) ? unitCode : null,
      explanation: p.explanation,
      // Confidential letters are never dispatched by a machine: the center looks at each.
      direct: !!cat && !cat.confidential && !!unitCode && catalog.units.has(unitCode) && confidence >= threshold,
    };
  }
}

/**
 * Trains in a worker thread so that requests keep flowing; the worker loads the TypeScript sources
 * through tsx itself. Should a worker be unavailable, trains here instead — slower for requests,
 * but the router still learns.
 */
function trainOffThread(examples: Example[]): Promise<{ model: Model; where: 'worker' | 'inline' }> {
  const url = new URL('../jobs/routerTrainer.ts', import.meta.url).href;
  const inline = () => ({ model: train(examples), where: 'inline' as const });
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); })`, { eval: true, workerData: examples });
    } catch {
      resolve(inline());
      return;
    }
    worker.once('message', (m: Model) => { resolve({ model: m, where: 'worker' }); void worker.terminate(); });
    worker.once('error', () => resolve(inline()));
  });
}


/** Keeps the router trained: at start, then on a schedule, in the background. */
export function startRouterTraining(deps: Deps & { router: Router }, onError: (e: unknown) => void): () => void {
  const run = () => void deps.catalog.get().then((c) => deps.router.retrain(deps.store, c.router.historyLimit)).catch(onError);
  run();
  const timer = setInterval(run, DEFAULT_ROUTER_SETTINGS.retrainMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
