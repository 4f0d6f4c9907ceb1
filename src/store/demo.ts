// DEMO_DATA=1: demo accounts, filled in below by loadDemoData.
import type { Deps } from '../commands/deps.js';
export async function loadDemoData(_deps: Deps): Promise<void> {
  throw new Error('demo data not yet written');
}
