/** A lab switch on a manual clock with an event recorder, for the lab tests. */
import pino from 'pino';
import { LabSwitch, type LabSwitchOptions } from '../../../telephony/lab/lab-switch.js';
import { ManualClock, settle } from '../../../telephony/lab/manual-clock.js';
import type { TelephonyEvent } from '../../../telephony/telephony-port.js';

export interface LabFixture {
  lab: LabSwitch;
  clock: ManualClock;
  events: TelephonyEvent[];
  /** Events of one call, as `type` or `type:reason`. */
  trail(callId: string): string[];
  settle(): Promise<void>;
}

export async function makeLab(overrides: Partial<LabSwitchOptions> = {}): Promise<LabFixture> {
  const clock = new ManualClock();
  const lab = new LabSwitch({
    clock,
    logger: pino({ level: 'silent' }),
    seed: 7,
    seatAnswerDelayMs: { min: 2000, max: 4000 },
    noAnswerProbability: 0,
    talkSeconds: { min: 60, max: 60 },
    trustedTrunkName: 'ct-sbc',
    ...overrides,
  });
  const events: TelephonyEvent[] = [];
  lab.on((e) => events.push(e));
  await lab.start();
  return {
    lab,
    clock,
    events,
    trail: (callId) =>
      events
        .filter((e) => (e.type === 'call-arrived' ? e.call.callId : e.callId) === callId)
        .map((e) => (e.type === 'seat-failed' || e.type === 'call-ended' ? `${e.type}:${e.reason}` : e.type)),
    settle,
  };
}

export const offerTo = (seatId: string, offerId: string, ringTimeoutMs = 15_000) => ({
  offerId,
  seatId,
  contact: `sip:${seatId}@10.0.0.5`,
  ringTimeoutMs,
  callerIdNumber: '13912345678',
  callerDisplayName: '',
});
