// What every command needs from the outside world, passed in so that tests and benchmarks
// can build the same commands over either store.
import type { Store } from '../store/db.js';
import type { Clock } from '../clock.js';
import type { CatalogCache } from '../store/catalog.js';
import type { MessageProvider } from '../notify/messages.js';

export interface Deps {
  store: Store;
  clock: Clock;
  catalog: CatalogCache;
  messages: MessageProvider;
  /** Wakes the time-limit watcher (after the test clock moves). */
  wakeWatcher?: () => void;
}
