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
    ...(spec.rate ? { overallRate: spec.rate } : {}),
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

const spec: LoadSpec = JSON.parse(process.argv[2]);
const tag = randomBytes(4).toString('hex');
// Warm-up: JIT, connection pools and caches settle before the measured run.
const warm = spec.warmupSeconds > 0 ? await fire(spec, spec.warmupSeconds, `${tag}w`) : null;
const main = await fire(spec, spec.seconds, tag);
process.stdout.write(JSON.stringify({ warmup: warm, main }));
