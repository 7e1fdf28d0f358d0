/**
 * Every FreeSWITCH channel the adapter creates carries its call id from birth, so the channel list
 * alone says whose each channel is: leaked channels are found and hung up, and (later) a standby
 * bridge can rebuild live calls from it.
 */
import assert from 'node:assert/strict';
import { CALL_ID_VARIABLE, listTaggedChannels } from '../../../telephony/drachtio/tagged-channels.js';
import type { MediaServerLike } from '../../../telephony/drachtio/library-types.js';
import { systemClock } from '../../../telephony/clock.js';
import { noLeaks, startRig, until, type Rig } from './rig.js';

describe('drachtio adapter: channels tagged with the call id, and reconciled', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  /** The adapter's control connection, as listTaggedChannels uses it. */
  function esl() {
    const ms = (rig.tel as unknown as { media: { current(): MediaServerLike | undefined } }).media.current();
    assert.ok(ms, 'FreeSWITCH connected');
    return { conn: ms.conn, clock: systemClock, timeoutMs: 2000 };
  }

  it('caller, seat and third-party channels all carry the call id; listTaggedChannels reads it back', async () => {
    const seat = rig.seat('8401@10.1.0.141', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    await rig.tel.conference(call.callId, '057112345');
    await until(() => rig.fs.liveChannels() === 3, 'caller, seat, interpreter');
    for (const ch of rig.fs.live()) assert.equal(ch.vars.get(CALL_ID_VARIABLE), call.callId, 'tagged from birth');
    const stray = rig.fs.createStrayChannel(); // not the bridge's: no tag
    rig.fs.ghostChannelRows.push('0badc0de-0000-4000-8000-000000000001'); // a row left behind by an overloaded FreeSWITCH
    const listed = await listTaggedChannels(esl());
    assert.equal(listed.filter((c) => c.callId === call.callId).length, 3);
    assert.equal(listed.find((c) => c.uuid === stray)?.callId, undefined);
    assert.deepEqual(listed.map((c) => c.uuid).sort(), [...rig.fs.live().map((c) => c.uuid)].sort(), 'a row for a channel FreeSWITCH no longer has is not listed');
    rig.fs.ghostChannelRows.length = 0;
    await caller.bye();
    await rig.event('call-ended');
    await until(() => rig.fs.liveChannels() === 1, 'only the untagged channel left');
  });

  it('reconciliation hangs up tagged channels no live call accounts for, counts and logs them, and touches nothing else', async () => {
    const seat = rig.seat('8402@10.1.0.142', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    const orphan = rig.fs.createStrayChannel({ [CALL_ID_VARIABLE]: 'call-from-a-crashed-bridge' });
    const foreign = rig.fs.createStrayChannel({ some_other_app: 'yes' });
    const killed = await rig.tel.reconcileChannels();
    assert.deepEqual(killed, [orphan]);
    assert.equal(rig.tel.health().counters.orphanChannelsHungUp, 1);
    assert.ok(rig.logs.some((l) => l.includes('call-from-a-crashed-bridge') && /no live call accounts for/.test(l)));
    assert.ok(rig.fs.channels.get(foreign)?.alive, 'a channel that is not the bridge’s is left alone');
    assert.equal(rig.fs.live().filter((c) => c.vars.get(CALL_ID_VARIABLE) === call.callId).length, 2, 'the live call keeps both legs');
    assert.ok(seat.connected && !caller.byeReceived);
    await caller.bye();
    await rig.event('call-ended');
    await rig.tel.reconcileChannels();
    assert.ok(rig.fs.channels.get(foreign)?.alive);
  });

  it('a channel younger than the grace period is left for the next pass (it may be an endpoint being created)', async () => {
    await rig.stop();
    rig = await startRig({ reconcileGraceMs: 60_000 });
    const young = rig.fs.createStrayChannel({ [CALL_ID_VARIABLE]: 'c-young' });
    const old = rig.fs.createStrayChannel({ [CALL_ID_VARIABLE]: 'c-old' }, 120_000);
    assert.deepEqual(await rig.tel.reconcileChannels(), [old]);
    assert.ok(rig.fs.channels.get(young)?.alive);
  });

  it('reconciles on its own period', async () => {
    await rig.stop();
    rig = await startRig({ reconcileIntervalMs: 100 });
    rig.fs.createStrayChannel({ [CALL_ID_VARIABLE]: 'c-leaked' });
    await until(() => rig.fs.liveChannels() === 0, 'leaked channel hung up by the periodic check');
    await until(() => rig.tel.health().counters.orphanChannelsHungUp === 1, 'counted');
    await noLeaks(rig);
  });
});
