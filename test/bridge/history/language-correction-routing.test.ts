/**
 * The promise end to end: an agent corrects the caller's language during a call (a
 * `language-corrected` event through the recorder into the store), and the same number's next call is
 * routed by it — through the real Router reading the store as its CallerHistorySource.
 */
import { strict as assert } from 'node:assert';
import pino from 'pino';
import { loadConfig } from '../../../bridge/config/load-config.js';
import { Router } from '../../../bridge/routing/router.js';
import { CallRecorder } from '../../../bridge/history/call-recorder.js';
import { CallState } from '../../../bridge/calls/call-center-api.js';
import type { InboundCall } from '../../../telephony/telephony-port.js';
import type { Store } from '../../../bridge/store/store-api.js';
import { backends } from '../store/store-backends.js';
import { callView, FakeCallCenter } from './call-views.js';

const T0 = Date.UTC(2025, 10, 20, 2, 0, 0);
const NUMBER = '13912340000';

function inbound(callId: string, at: number): InboundCall {
  return { callId, callerNumber: NUMBER, callerDisplayName: '', callerVerified: true, dialledNumber: '12345', trunk: 'lab-trunk', hints: {}, arrivedAt: at };
}

for (const backend of backends()) {
  describe(`language correction → next call's routing (${backend.name})`, function () {
    this.timeout(30000);
    let store: Store;
    afterEach(() => backend.cleanup());

    it('routes the next call of the number to the corrected language, and says why', async () => {
      store = await backend.open();
      const config = loadConfig(undefined, {});
      const router = new Router(config, store.history, { logger: pino({ level: 'silent' }) });
      const cc = new FakeCallCenter();
      const recorder = new CallRecorder({ store, callCenter: cc });

      const first = await router.route(inbound('c1', T0), T0);
      assert.equal(first.target.language, 'zh');
      const v = callView({ id: 'c1', callerNumber: NUMBER, arrivedAt: T0, target: first.target });
      cc.call('arrived', v, T0);
      cc.call('answered', { ...v, state: CallState.Connected, seatId: 'S01', answeredAt: T0 + 4000 }, T0 + 4000, { seatId: 'S01' });
      cc.call('language-corrected', { ...v, state: CallState.Connected, seatId: 'S01' }, T0 + 20_000, { seatId: 'S01', detail: { language: 'kk' } });
      cc.call('ended', { ...v, state: CallState.Ended, endedAt: T0 + 90_000 }, T0 + 90_000, { seatId: 'S01' });
      await recorder.flush();

      const next = await router.route(inbound('c2', T0 + 86_400_000), T0 + 86_400_000);
      assert.equal(next.target.language, 'kk');
      assert.equal(next.target.languageStrength, 'required');
      assert.ok(
        next.target.reasons.some((r) => r.source === 'history' && r.text.includes('更正为哈萨克语')),
        JSON.stringify(next.target.reasons),
      );
      recorder.stop();
    });
  });
}
