// `npm run bench:web`: the front end as a person's browser meets it — bytes of the first screen
// (gzipped, as sent) and the time until that screen shows, from a cold cache, in Debian's
// Chromium; beside the same browser loading a bare page from the same server (the floor).
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { loadConfig } from '../src/config.js';
import { startSystem } from '../src/server.js';
import { launch } from '../test/helpers/browser.js';

const SCREENS: [string, string, string][] = [
  ['landing /', '/', 'h2'],
  ['citizen write (390 px)', '/h5/verify', '[data-testid=phone]'],
  ['staff sign-in', '/staff/login', 'button[type=submit]'],
];
const RUNS = 5;

execFileSync(process.execPath, ['scripts/ensure-web.mjs'], { stdio: 'inherit' });
const sys = await startSystem({ ...loadConfig({}), dataDir: '', adminPassword: 'Bench-Admin-2026' }, { watcher: false });
const base = await sys.app.listen({ port: 0, host: '127.0.0.1' });
const browser = await launch();

async function measure(path: string, selector: string, mobile: boolean) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    // A new context each run: nothing cached.
    const ctx = await browser.newContext({ viewport: mobile ? { width: 390, height: 844 } : { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    const bodies: Promise<void>[] = [];
    let sum = 0;
    page.on('response', (r) => {
      const type = r.request().resourceType();
      if (['script', 'stylesheet', 'document'].includes(type)) bodies.push(r.body().then((b) => { sum += gzipSync(b).length; }).catch(() => {}));
    });
    const t0 = performance.now();
    await page.goto(base + path);
    await page.locator(selector).first().waitFor({ state: 'visible' });
    times.push(performance.now() - t0);
    await Promise.all(bodies);
    bytes = sum;
    await ctx.close();
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], kb: bytes / 1024 };
}

const floor = await measure('/favicon.svg', 'svg', false);
const rows: string[][] = [];
for (const [name, path, sel] of SCREENS) {
  const m = await measure(path, sel, path.startsWith('/h5'));
  rows.push([name, m.kb.toFixed(1), m.medianMs.toFixed(0), floor.medianMs.toFixed(0), (m.medianMs / floor.medianMs).toFixed(1)]);
}
await browser.close();
await sys.close();

const head = ['first screen', 'JS+CSS+HTML KB gz', 'cold load ms (median of 5)', 'floor ms (bare file)', 'ratio'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
console.log([line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
console.log('\nGoals (issue 3): first screen under 1000 ms from localhost with a cold cache; main bundle under 500 KB gzipped.');
