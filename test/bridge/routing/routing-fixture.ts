/** Shared by the routing tests: the seed centre's configuration and an inbound call builder. */
import type { InboundCall } from '../../../telephony/telephony-port.js';
import { loadConfig, DEFAULT_CONFIG_PATH } from '../../../bridge/config/load-config.js';
import type { HotlineConfig } from '../../../bridge/config/schema.js';

export const seedConfig: HotlineConfig = loadConfig(DEFAULT_CONFIG_PATH, {});

/** 2025-07-15 10:00 in Beijing: tourism peak season, inside every desk's hours. */
export const JULY_MORNING = Date.UTC(2025, 6, 15, 2, 0);
/** 2025-01-15 10:00 in Beijing: tourism off season. */
export const JANUARY_MORNING = Date.UTC(2025, 0, 15, 2, 0);
/** 2025-07-15 23:00 in Beijing: after the legal and tourism desks' hours. */
export const JULY_NIGHT = Date.UTC(2025, 6, 15, 15, 0);

let seq = 0;
export function inbound(over: Partial<InboundCall> = {}): InboundCall {
  seq++;
  return {
    callId: `c${seq}`,
    callerNumber: '13800138000',
    callerDisplayName: '',
    callerVerified: true,
    dialledNumber: '12345',
    trunk: 'lab-loopback',
    hints: {},
    arrivedAt: JULY_MORNING,
    ...over,
  };
}
