import { strict as assert } from 'node:assert';
import { createHotlineMetrics } from '../../../bridge/metrics/hotline-metrics.js';
import { Rig, testConfig } from '../calls/call-center-fixture.js';

describe('metrics: names', () => {
  it('process and Node.js metrics carry the hotline_ prefix once (hotline_process_cpu_…, not hotline_process_process_…)', async () => {
    const rig = new Rig();
    const m = createHotlineMetrics(rig.cc);
    try {
      const names = [...(await m.registry.metrics()).matchAll(/^# TYPE (\S+)/gm)].map((x) => x[1]!);
      assert.ok(names.includes('hotline_process_cpu_seconds_total'), names.join(' '));
      assert.ok(names.includes('hotline_nodejs_eventloop_lag_seconds'));
      assert.ok(names.includes('hotline_calls_arrived_total'));
      assert.deepEqual(names.filter((n) => /process_process|nodejs_nodejs|hotline_hotline|process_nodejs/.test(n)), []);
      assert.deepEqual(names.filter((n) => !n.startsWith('hotline_')), []);
    } finally {
      m.detach();
      rig.cc.close();
    }
  });
});

describe('metrics: offers', () => {
  it("counts an offer the switch failed apart from a seat's miss", async () => {
    const rig = new Rig();
    const m = createHotlineMetrics(rig.cc);
    try {
      rig.cc.login('zh1');
      const id = await rig.arrive();
      rig.tel.emit({ type: 'seat-failed', callId: id, offerId: rig.offerIdFor(id), reason: 'switch-failure', sipStatus: 503 });
      const text = await m.registry.metrics();
      assert.match(text, /hotline_offers_switch_failed_total\{desk="general"\} 1/);
      assert.doesNotMatch(text, /hotline_offers_missed_total\{/);
    } finally {
      m.detach();
      rig.cc.close();
    }
  });
});

describe('metrics: service level', () => {
  it('exports the shares per window and raises hotline_service_level_alert while a share is below its target', async () => {
    const rig = new Rig({ config: testConfig({ serviceLevel: { alertMinCalls: 1 } }) });
    const m = createHotlineMetrics(rig.cc, { defaultMetrics: false });
    try {
      const a = await rig.arrive({ callerNumber: '13800000001' });
      await rig.clock.advance(20_000); // nobody logged in: the caller waits 20 s, past the 15 s threshold
      rig.cc.login('zh1');
      rig.answer(a);
      const text = await m.registry.metrics();
      const value = (series: string) => text.match(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm'))?.[1];
      assert.equal(value('hotline_service_level_ratio{figure="answered-within",window="rolling"}'), '0');
      assert.equal(value('hotline_service_level_ratio{figure="connected",window="today"}'), '1');
      assert.equal(value('hotline_service_level_alert{figure="answered-within",window="shift"}'), '1');
      assert.equal(value('hotline_service_level_alert{figure="connected",window="shift"}'), '0');
      assert.equal(value('hotline_service_level_target_ratio{figure="connected"}'), '0.95');
      assert.equal(value('hotline_service_level_wait_seconds{stat="longest",window="today"}'), '20');
      assert.equal(value('hotline_service_level_calls{kind="answered",window="today"}'), '1');
    } finally {
      m.detach();
      rig.cc.close();
    }
  });
});
