/** The lab switch honours the same TelephonyPort contract as the real adapter. */
import pino from 'pino';
import { describeTelephonyPortContract } from '../telephony-port-contract.js';
import { LabSwitch } from '../../../telephony/lab/lab-switch.js';
import { ManualClock } from '../../../telephony/lab/manual-clock.js';

describeTelephonyPortContract('lab switch', async () => {
  const clock = new ManualClock();
  const lab = new LabSwitch({
    clock,
    logger: pino({ level: 'silent' }),
    seed: 1,
    seatAnswerDelayMs: { min: 500, max: 3000 },
    noAnswerProbability: 0,
    talkSeconds: { min: 600, max: 600 },
    patienceSeconds: { min: 600, max: 600 },
  });
  await lab.start();
  let seats = 0;
  return {
    port: lab,
    placeCall: async (c) => void lab.placeCall(c),
    placeCallRefused: async (c) => {
      try {
        lab.placeCall(c);
        return false;
      } catch {
        return true;
      }
    },
    callerHangsUp: async (callId) => void lab.callerHangsUp(callId),
    answeringSeat: () => ({ seatId: `20${++seats}`, contact: `sip:20${seats}@lab` }),
    silentSeat: () => {
      // Attended = a person's phone; nobody clicks accept, so it rings on.
      const seatId = `30${++seats}`;
      lab.setSeatAttended(seatId, true);
      return { seatId, contact: `sip:${seatId}@lab` };
    },
    wait: (ms) => clock.advance(ms),
    close: () => lab.stop(),
  };
});
