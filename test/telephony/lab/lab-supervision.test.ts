/** The lab flow of a shift lead joining a call: same events as the real switch, audio paths described. */
import assert from 'node:assert/strict';
import { LEAD_ANSWER_MS } from '../../../telephony/lab/lab-supervision.js';
import { makeLab, offerTo } from './lab-fixture.js';

describe('lab switch: supervision', () => {
  async function connected() {
    const f = await makeLab({ talkSeconds: { min: 600, max: 600 } });
    const id = f.lab.placeCall({ callerNumber: '13912345678', dialledNumber: '12345' });
    await f.settle();
    await f.lab.offer(id, offerTo('1001', 'o1'));
    await f.clock.advance(4_000);
    assert.equal(f.lab.call(id)?.state, 'connected');
    return { f, id };
  }

  it('dials the lead, joins in listen, moves to whisper and barge without redialling, and leaves', async () => {
    const { f, id } = await connected();
    const legs = f.lab.health().liveChannels;
    await f.lab.supervise(id, { supervisionId: 'sv1', contact: '13700001111', mode: 'listen' });
    assert.equal(f.lab.supervisionsOf(id)[0]?.state, 'ringing');
    await f.clock.advance(LEAD_ANSWER_MS);
    assert.deepEqual(f.lab.supervisionsOf(id)[0]?.audio, { leadHears: ['caller', 'agent'], hearLead: [] });
    await f.lab.setSupervisionMode(id, 'sv1', 'whisper');
    await f.settle();
    assert.deepEqual(f.lab.supervisionsOf(id)[0]?.audio.hearLead, ['agent']);
    await f.lab.setSupervisionMode(id, 'sv1', 'barge');
    await f.settle();
    assert.deepEqual(f.lab.supervisionsOf(id)[0]?.audio.hearLead, ['caller', 'agent']);
    assert.equal(f.lab.health().liveChannels, legs + 1, 'one leg for the lead, whatever the mode');
    await f.lab.endSupervision(id, 'sv1');
    await f.settle();
    const sv = f.events.filter((e) => e.type.startsWith('supervision-')).map((e) => `${e.type}:${'mode' in e ? e.mode : 'reason' in e ? e.reason : ''}`);
    assert.deepEqual(sv, ['supervision-started:listen', 'supervision-mode:whisper', 'supervision-mode:barge', 'supervision-ended:left']);
    assert.equal(f.lab.health().liveChannels, legs);
    assert.equal(f.lab.call(id)?.state, 'connected', 'caller and agent talk on');
  });

  it('ends with the reason when the lead hangs up, the seat is released or the caller hangs up', async () => {
    const { f, id } = await connected();
    await f.lab.supervise(id, { supervisionId: 'a', contact: 'sip:lead@lab', mode: 'barge' });
    await f.clock.advance(LEAD_ANSWER_MS);
    assert.ok(f.lab.leadHangsUp('a'));
    await f.lab.supervise(id, { supervisionId: 'b', contact: 'sip:lead@lab', mode: 'listen' });
    await f.clock.advance(LEAD_ANSWER_MS);
    await f.lab.releaseSeat(id, 'zh');
    await f.lab.offer(id, offerTo('1002', 'o2'));
    await f.clock.advance(4_000);
    await f.lab.supervise(id, { supervisionId: 'c', contact: 'sip:lead@lab', mode: 'whisper' });
    await f.lab.callerHangsUp(id);
    await f.settle();
    const ends = f.events.flatMap((e) => (e.type === 'supervision-ended' ? [`${e.supervisionId}:${e.reason}`] : []));
    assert.deepEqual(ends, ['a:lead-hangup', 'b:seat-gone', 'c:call-ended']);
    assert.equal(f.lab.supervisionsOf().length, 0);
    assert.ok(!f.events.some((e) => e.type === 'supervision-started' && e.supervisionId === 'c'), 'a lead still ringing never joins a call that ended');
    await f.clock.advance(LEAD_ANSWER_MS);
    assert.equal(f.lab.health().liveChannels, 0);
  });

  it('refuses a mode change before the lead answers', async () => {
    const { f, id } = await connected();
    await f.lab.supervise(id, { supervisionId: 'sv', contact: 'sip:lead@lab', mode: 'listen' });
    await assert.rejects(f.lab.setSupervisionMode(id, 'sv', 'barge'), { code: 'invalid-state' });
  });
});
