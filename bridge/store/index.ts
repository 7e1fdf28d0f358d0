/** The store's public surface. */
export { openStore, dropPgSchema, storeOptionsFromConfig, SQLITE_FILE, type OpenStoreOptions } from './open-store.js';
export type * from './store-api.js';
export { LANGUAGE_NAMES } from './routing-facts.js';
