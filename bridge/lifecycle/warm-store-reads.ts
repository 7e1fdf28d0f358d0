/**
 * The first routing lookup and the first pop read after a start are the slow ones: statements are
 * compiled, the SQLite worker and the connection pool wake, pages come off the disk. Under the 50 ms
 * routing deadline the first caller after a restart (a typhoon restart included) was routed without
 * their history. Both reads run once for a number nobody has, before telephony takes calls.
 */
import type { Logger } from 'pino';
import type { HotlineConfig } from '../config/schema.js';
import type { Store } from '../store/store-api.js';

/** No real number has letters: nothing is found, only the query paths are warmed. */
const NOBODY = 'warm-up';
/** A store that does not answer must not hold the start: past this the reads go on unobserved. */
const LIMIT_MS = 5000;

export async function warmStoreReads(store: Pick<Store, 'history' | 'popData'>, config: Pick<HotlineConfig, 'history'>, log: Logger): Promise<void> {
  const started = Date.now();
  const hist = config.history;
  const reads = Promise.all([
    store.history.routingFacts(NOBODY),
    store.popData(NOBODY, { now: started, excludeCallId: '', recentContacts: hist.recentContacts, repeatDays: hist.repeatCaller.days, sameMatterDays: hist.sameMatter.days }),
  ]).then(
    () => 'warm' as const,
    (err: unknown) => {
      log.warn({ err }, 'warming the store reads failed (the first calls may route without history)');
      return 'failed' as const;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), LIMIT_MS)));
  const outcome = await Promise.race([reads, late]);
  clearTimeout(timer);
  if (outcome === 'late') log.warn({ limitMs: LIMIT_MS }, 'the store did not answer the warm-up reads in time; starting anyway');
  else if (outcome === 'warm') log.info({ ms: Date.now() - started }, 'store reads warmed');
}
