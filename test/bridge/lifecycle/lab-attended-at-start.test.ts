/**
 * Lab: a seat a person is logged into is theirs from the first instant after a (re)start — before any
 * call is placed and before their desktop has reconnected — so the simulator never answers it for them.
 */
import { strict as assert } from 'node:assert';
import pino from 'pino';
import { startBridge, type StartedBridge } from '../../../bridge/main.js';
import { loginAs, tempDataDir, writeTestConfig } from '../../support/product-process.js';

describe('lab: seats with a logged-in person are never simulated, even right after start', function () {
  this.timeout(60_000);
  const tmp = tempDataDir('hotline-lab-attended-');
  let bridge: StartedBridge | undefined;
  const start = async () =>
    (bridge = await startBridge({
      configPath: writeTestConfig(tmp.dir, { store: { seedContacts: 0, dataDir: tmp.dir } }),
      env: { LOG_LEVEL: 'silent', DATABASE_URL: undefined, REDIS_URL: undefined },
      dataDir: tmp.dir,
      labArrivalsPerMinute: 0,
      logger: pino({ level: 'silent' }),
    }));
  after(async () => {
    await bridge?.close();
    tmp.remove();
  });

  it('after a restart, S01 (logged in, desktop not back yet) is attended before any call; S02 (nobody) is simulated', async () => {
    const first = await start();
    await loginAs(first.url, 'S01');
    await first.close();
    const again = await start();
    // Checked at once: the generator and staged calls could ring from here on.
    assert.equal(again.callCenter.seat('S01')?.attended, true);
    assert.equal(again.lab!.seatPhone('S01').attended, true, 'the simulated phone will not answer S01');
    assert.equal(again.callCenter.seat('S02')?.attended, false);
    assert.equal(again.lab!.seatPhone('S02').attended, false);
  });
});
