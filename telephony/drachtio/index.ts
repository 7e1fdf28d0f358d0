/** The real telephony adapter (drachtio-server + FreeSWITCH). */
export { DrachtioTelephony, createDrachtioTelephony } from './drachtio-telephony.js';
export { checkSecrets, drachtioOptionsSchema, DEFAULT_DRACHTIO_SECRET, DEFAULT_ESL_PASSWORD } from './options.js';
export type { DrachtioTelephonyOptions, DrachtioTelephonyConfig } from './options.js';
export { parseInbound } from './inbound-call.js';
export { TrustedTrunks } from './trusted-trunks.js';
export { sanitizeDisplayName, headerSafe, stripLineBreaks } from './sip-text.js';
