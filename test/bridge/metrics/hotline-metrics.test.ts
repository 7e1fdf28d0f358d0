import { strict as assert } from 'node:assert';
import { createHotlineMetrics } from '../../../bridge/metrics/hotline-metrics.js';
import { Rig } from '../calls/call-center-fixture.js';

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
