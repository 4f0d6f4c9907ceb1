// Builds the web front end (web/ → web/dist) when it is missing or older than its sources, so
// that `npm start` on a fresh clone serves the screens without a separate build step.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'web/dist/index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'dist' && e.name !== 'node_modules') t = Math.max(t, newest(p)); }
    else t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(path.join(root, 'web')), statSync(path.join(root, 'vite.config.ts')).mtimeMs);
if (!existsSync(out) || statSync(out).mtimeMs < sources) {
  console.log('building the web front end (vite build) …');
  // Always a production build: under vitest NODE_ENV is 'test', which would ship React's and Ant Design's
  // development builds (slower, and full of console warnings) to the browser tests.
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--mode', 'production', '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
