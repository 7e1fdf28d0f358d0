/** The desktop hub (socket.io) and its event contract. */
export { createHub, type Hub, type HubOptions } from './create-hub.js';
export type { HubServer, HubSocket } from './hub-types.js';
export * from './events.js';
