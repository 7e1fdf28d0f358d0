import assert from 'node:assert/strict';
import pino from 'pino';
import { CommandChains } from '../../../bridge/calls/command-chains.js';
import { ManualClock, settle } from '../../../telephony/lab/manual-clock.js';
import { TelephonyCommandError } from '../../../telephony/telephony-port.js';

describe('per-call telephony command chains', () => {
  const make = () => {
    const clock = new ManualClock(0);
    return { clock, chains: new CommandChains(clock, 7_000, () => pino({ level: 'silent' })) };
  };
  const never = () => new Promise<void>(() => undefined);

  it('runs a call’s commands in order, and other calls’ commands independently', async () => {
    const { chains } = make();
    const order: string[] = [];
    let release!: () => void;
    const a1 = chains.send('a', 'hold', () => new Promise<void>((r) => (release = () => (order.push('a1'), r()))));
    const a2 = chains.send('a', 'resume', async () => void order.push('a2'));
    const b1 = chains.send('b', 'hold', async () => void order.push('b1'));
    await b1;
    assert.deepEqual(order, ['b1'], 'b does not wait for a');
    release();
    assert.deepEqual(await a1, { ok: true });
    await a2;
    assert.deepEqual(order, ['b1', 'a1', 'a2']);
  });

  it('a reply that never comes fails its command at the deadline (timeout) and the next command runs', async () => {
    const { clock, chains } = make();
    const stuck = chains.send('a', 'hold', never);
    let ran = false;
    const next = chains.send('a', 'resume', async () => void (ran = true));
    await clock.advance(6_999);
    assert.equal(ran, false);
    await clock.advance(1);
    const r = await stuck;
    assert.ok(!r.ok && r.failure.code === 'timeout' && r.failure.command === 'hold');
    assert.deepEqual(await next, { ok: true });
    assert.equal(ran, true);
  });

  it('a hang-up never waits behind a stuck command', async () => {
    const { chains } = make();
    void chains.send('a', 'hold', never);
    let hungUp = false;
    const r = await chains.send('a', 'hangup', async () => void (hungUp = true), { urgent: true });
    assert.deepEqual(r, { ok: true });
    assert.equal(hungUp, true);
  });

  it('passes typed failures on, wraps anything else, never rejects', async () => {
    const { chains } = make();
    const typed = await chains.send('a', 'hold', () => Promise.reject(new TelephonyCommandError('media-error', 'hold', '-ERR no such channel', 'a')));
    assert.ok(!typed.ok && typed.failure.code === 'media-error' && typed.failure.detail === '-ERR no such channel');
    const thrown = await chains.send('a', 'resume', () => {
      throw new Error('adapter bug');
    });
    assert.ok(!thrown.ok && thrown.failure instanceof TelephonyCommandError && /adapter bug/.test(thrown.failure.detail));
  });

  it('the map of chains empties once commands settle, however many calls came through (stuck ones included)', async () => {
    const { clock, chains } = make();
    const all = [];
    for (let i = 0; i < 500; i++) {
      all.push(chains.send(`c${i}`, 'playQueueMusic', async () => undefined));
      all.push(chains.send(`c${i}`, 'offer', i % 50 === 0 ? never : async () => undefined));
    }
    assert.ok(chains.inFlight > 0);
    await clock.advance(7_000);
    await Promise.all(all);
    await settle();
    assert.equal(chains.inFlight, 0);
  });
});
