/** The real adapter honours the same TelephonyPort contract as the lab switch (on the protocol doubles). */
import type { EmulatedCaller } from '../../../fixtures/doubles/emulated-caller.js';
import { describeTelephonyPortContract } from '../telephony-port-contract.js';
import { startRig } from './rig.js';

describeTelephonyPortContract('drachtio adapter on the protocol doubles', async () => {
  const rig = await startRig();
  const callers = new Map<string, EmulatedCaller>();
  let seats = 0;
  return {
    port: rig.tel,
    placeCall: async (c) => {
      callers.set(c.callerNumber, rig.call({ number: c.callerNumber, dialled: c.dialledNumber }));
    },
    placeCallRefused: async (c) => {
      const res = await rig.call({ number: c.callerNumber, dialled: c.dialledNumber }).final();
      return res.status === 503;
    },
    callerHangsUp: async (callId) => {
      const arrived = rig.events.find((e) => e.type === 'call-arrived' && e.call.callId === callId);
      const caller = arrived?.type === 'call-arrived' ? callers.get(arrived.call.callerNumber) : undefined;
      if (!caller) throw new Error(`no caller for ${callId}`);
      await caller.hangUp();
    },
    answeringSeat: () => {
      const phone = rig.seat(`21${++seats}@10.2.0.${seats}`, { kind: 'answer', answerAfterMs: 20 });
      return { seatId: `s${seats}`, contact: phone.uri };
    },
    silentSeat: () => {
      const phone = rig.seat(`31${++seats}@10.3.0.${seats}`, { kind: 'no-answer' });
      return { seatId: `s${seats}`, contact: phone.uri };
    },
    wait: (ms) => new Promise((r) => setTimeout(r, ms)),
    patienceMs: 8_000,
    close: () => rig.stop(),
  };
});
