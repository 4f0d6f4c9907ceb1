// The load generator, run in a child process: on a 2-core machine, autocannon on the server's
// own event loop would steal the time it measures. Reads its spec as JSON from argv[2], prints
// the result as JSON on stdout.
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';

export interface LoadSpec {
  url: string;
  path: string;
  body: string;
  /** Bearer tokens, used in turn: one letter per request, spread over several writers. */
  tokens: string[];
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** Requests per second over all connections (autocannon's overallRate); absent: as fast as answered. */
  rate?: number;
}

export interface LoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  mean: number;
  statusCodes: Record<string, number>;
}

async function fire(spec: LoadSpec, seconds: number, tag: string): Promise<LoadResult> {
  let n = 0;
  const r = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: seconds,
    timeout: 30,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: spec.body,
    requests: [{
      method: 'POST',
      path: spec.path,
      // A fresh Idempotency-Key per request: a repeated key would be answered from the first letter.
      setupRequest: (req) => {
        const i = n++;
        req.headers = { ...req.headers, authorization: `Bearer ${spec.tokens[i % spec.tokens.length]}`, 'idempotency-key': `${tag}-${i}` };
        return req;
      },
    }],
  });
  return {
    ok: r['2xx'], non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, seconds: r.duration,
    perSecond: r['2xx'] / r.duration, p50: r.latency.p50, p99: r.latency.p99, mean: r.latency.mean,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
  };
}

/**
 * An open-loop run at a steady rate: request i leaves at start + i / rate whether or not earlier ones
 * have been answered (autocannon's overallRate sends each second's budget in a burst at the start of
 * the second, which measures its own queue). Latency counts from the scheduled departure, so a stall
 * of the server is not hidden by requests that were never sent (coordinated omission).
 */
async function paced(spec: LoadSpec, seconds: number, tag: string): Promise<LoadResult> {
  const http = await import('node:http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const u = new URL(spec.path, spec.url);
  const total = Math.round(spec.rate! * seconds);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  const start = performance.now() + 50;
  const one = (i: number) => new Promise<void>((resolve) => {
    const due = start + (i * 1000) / spec.rate!;
    setTimeout(() => {
      const req = http.request(u, { method: 'POST', agent, headers: {
        'content-type': 'application/json', authorization: `Bearer ${spec.tokens[i % spec.tokens.length]}`, 'idempotency-key': `${tag}-${i}` } }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - due);
          statusCodes[res.statusCode!] = (statusCodes[res.statusCode!] ?? 0) + 1;
          resolve();
        });
      });
      req.on('error', () => { errors++; resolve(); });
      req.end(spec.body);
    }, Math.max(0, due - performance.now()));
  });
  await Promise.all(Array.from({ length: total }, (_, i) => one(i)));
  const took = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((q / 100) * latencies.length))] ?? 0);
  const ok = Object.entries(statusCodes).filter(([k]) => k.startsWith('2')).reduce((n, [, v]) => n + v, 0);
  return {
    ok, non2xx: latencies.length - ok, errors, timeouts: 0, seconds: took, perSecond: ok / took,
    p50: pct(50), p99: pct(99), mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length), statusCodes,
  };
}

const spec: LoadSpec = JSON.parse(process.argv[2]);
const tag = randomBytes(4).toString('hex');
// Warm-up: JIT, connection pools and caches settle before the measured run.
const run = spec.rate ? paced : fire;
const warm = spec.warmupSeconds > 0 ? await run(spec, spec.warmupSeconds, `${tag}w`) : null;
const main = await run(spec, spec.seconds, tag);
process.stdout.write(JSON.stringify({ warmup: warm, main }));
