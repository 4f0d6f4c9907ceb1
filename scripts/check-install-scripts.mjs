#!/usr/bin/env node
// Supply chain: which packages run code at install time (preinstall / install / postinstall, or a
// binding.gyp built by node-gyp — npm marks all of them `hasInstallScript: true` in package-lock.json).
// Lists every one and fails when a package is not on the allow-list below, so that a new install
// script is a reviewed decision, not a side effect of `npm ci`. Reads only the lockfile, so CI runs
// it *before* `npm ci` executes any of them. Usage: node scripts/check-install-scripts.mjs [lockfile]
import { readFileSync } from 'node:fs';

// name → why its install script is acceptable. Keep each reason to one line; see docs/SUPPLY-CHAIN.md.
const ALLOWED = {
  esbuild: 'postinstall `node install.js` checks/links the native binary of the matching optional @esbuild/<os>-<arch> package; needed by tsx (runs src/) and vite',
};

const file = process.argv[2] ?? 'package-lock.json';
let lock;
try {
  lock = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`install scripts: cannot read ${file} (${e.message}) — the lockfile must be committed`);
  process.exit(1);
}
if (!lock.packages || (lock.lockfileVersion ?? 1) < 2) {
  console.error(`install scripts: ${file} is lockfileVersion ${lock.lockfileVersion ?? 1}; version 2 or 3 is needed (npm 7+)`);
  process.exit(1);
}

const found = [];
for (const [path, meta] of Object.entries(lock.packages)) {
  if (!path || !meta.hasInstallScript) continue;
  const name = meta.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  found.push({ name, version: meta.version, path, dev: !!meta.dev, optional: !!meta.optional });
}

let bad = 0;
console.log(`install scripts in ${file}: ${found.length}`);
for (const p of found) {
  const ok = Object.hasOwn(ALLOWED, p.name);
  if (!ok) bad++;
  const tags = [p.dev && 'dev', p.optional && 'optional'].filter(Boolean).join(', ');
  console.log(`  ${ok ? 'allowed    ' : 'NOT ALLOWED'} ${p.name}@${p.version}${tags ? ` (${tags})` : ''}  ${p.path}${ok ? ` — ${ALLOWED[p.name]}` : ''}`);
}
for (const name of Object.keys(ALLOWED)) {
  if (!found.some((p) => p.name === name)) console.log(`  note: ${name} is on the allow-list but no longer has an install script; remove it from the list`);
}
if (bad) {
  console.error(`install scripts: ${bad} package(s) not on the allow-list. Review what the script does; if it is needed, add it with a reason to ALLOWED in scripts/check-install-scripts.mjs, else pick another package.`);
  process.exit(1);
}
console.log('install scripts: all on the allow-list');
