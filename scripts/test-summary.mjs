// Prints vitest's JSON result as the plain closing line CI reads: "<label>: N passed, N failed".
import { readFileSync, existsSync } from 'node:fs';
const [file, label] = process.argv.slice(2);
if (!existsSync(file)) { console.log(`${label}: 0 passed, 1 failed`); process.exit(0); }
const r = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`${label}: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
