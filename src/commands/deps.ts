// What every command needs from the outside world, passed in so that tests and benchmarks
// can build the same commands over either store.
import type { Store } from '../store/db.js';
import type { Clock } from '../clock.js';
import type { CatalogCache } from '../store/catalog.js';
import type { MessageProvider } from '../notify/messages.js';
import type { Router } from './router.js';

export interface Deps {
  store: Store;
  clock: Clock;
  catalog: CatalogCache;
  messages: MessageProvider;
  /** The 直派 router; absent in a few unit tests that build deps by hand. */
  router?: Router;
  /** Wakes the time-limit watcher (after the test clock moves). */
  wakeWatcher?: () => void;
}
