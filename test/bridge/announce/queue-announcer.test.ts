/** The announcer against a scripted telephony: when it speaks, when it keeps quiet, and that it lets go. */
import assert from 'node:assert/strict';
import pino from 'pino';
import { ManualClock, settle } from '../../../telephony/lab/manual-clock.js';
import type { Announcement } from '../../../telephony/telephony-port.js';
import { CallCenterService } from '../../../bridge/calls/call-center.js';
import { loadPhraseCatalogue } from '../../../bridge/announce/phrase-catalogue.js';
import { T0, target, testConfig } from '../calls/call-center-fixture.js';
import { FakeTelephony, inbound } from '../calls/fake-telephony.js';

const phrases = loadPhraseCatalogue();

function centre(config = testConfig({ announce: { everySeconds: 30 } })) {
  const clock = new ManualClock(T0);
  const tel = new FakeTelephony();
  const cc = new CallCenterService({ config, telephony: tel, route: async () => ({ target: target(), didLabel: '12345' }), clock, logger: pino({ level: 'silent' }), phrases });
  const said = (callId: string) => tel.commands.filter((c) => c.cmd === 'announce' && c.callId === callId).map((c) => (c.args[0] as Announcement).prompts.join(' '));
  const arrive = async () => {
    const call = inbound({ arrivedAt: clock.now() });
    tel.emit({ type: 'call-arrived', call });
    await settle();
    return call.callId;
  };
  return { clock, tel, cc, said, arrive };
}

describe('queue announcer', () => {
  it('greets a caller whose first seat rang and missed, once; the music comes before any announcement', async () => {
    const { clock, tel, cc, said, arrive } = centre(testConfig({ announce: { everySeconds: 30 }, seats: [{ id: 'zh1', name: '王', languages: ['zh'], desks: ['general'], officeContact: 'sip:zh1@office' }] }));
    cc.login('zh1');
    cc.setAvailable('zh1');
    const id = await arrive();
    assert.deepEqual(said(id), [], 'a free seat rings at once: nothing to announce');
    tel.emit({ type: 'seat-ringing', callId: id, offerId: tel.lastOffer(id)!.offerId });
    await clock.advance(11_000); // ring timeout 10 s: back in the queue
    await settle();
    assert.deepEqual(said(id), ['greeting']);
    const names = tel.names(id);
    assert.ok(names.lastIndexOf('playQueueMusic') < names.indexOf('announce'), `music first: ${names.join(' ')}`);
    await clock.advance(30_000);
    await settle();
    assert.deepEqual(said(id), ['greeting', 'position-before n:1 position-after'], 'then the place (no answers yet: no wait promised)');
    cc.close();
  });

  it('stops for a caller who hung up, goes on for the others, and close() leaves no timer behind', async () => {
    const { clock, tel, cc, said, arrive } = centre(testConfig({ announce: { everySeconds: 30 }, seats: [] }));
    const a = await arrive();
    const b = await arrive();
    tel.emit({ type: 'call-ended', callId: a, reason: 'caller-hangup' });
    await settle();
    await clock.advance(95_000);
    await settle();
    assert.deepEqual(said(a), ['greeting'], 'an abandoned call hears nothing more');
    assert.deepEqual(said(b).slice(1), ['position-before n:1 position-after', 'position-before n:1 position-after', 'position-before n:1 position-after'], 'b, first once a left, hears its place every 30 s');
    const before = clock.pending();
    cc.close();
    assert.ok(clock.pending() < before, 'close() cancelled the announcement clock');
    await clock.advance(60_000);
    await settle();
    assert.equal(said(b).length, 4, 'nothing said after close()');
  });

  it('a caller sent back into the queue by a transfer hears place and wait, never the welcome again', async () => {
    const { clock, tel, cc, said, arrive } = centre();
    cc.login('zh1');
    cc.setAvailable('zh1');
    const id = await arrive();
    tel.emit({ type: 'seat-answered', callId: id, offerId: tel.lastOffer(id)!.offerId });
    await settle();
    await cc.transfer('zh1', id, { kind: 'desk', desk: 'social' }); // nobody at the social-security desk yet
    await settle();
    await clock.advance(30_000);
    await settle();
    assert.deepEqual(said(id), ['position-before n:1 position-after']);
    cc.login('so1');
    cc.setAvailable('so1'); // rings at once, and misses (ring timeout 15 s): the call is back in the queue
    await settle();
    await clock.advance(16_000);
    await settle();
    assert.equal(cc.call(id)?.state, 'queued');
    await clock.advance(30_000);
    await settle();
    assert.ok(!said(id).includes('greeting'), `no second welcome: ${said(id).join(' | ')}`);
    cc.close();
  });

  it('says nothing when announcements are off', async () => {
    const { clock, cc, said, arrive } = centre(testConfig({ announce: { enabled: false }, seats: [] }));
    const id = await arrive();
    await clock.advance(120_000);
    await settle();
    assert.deepEqual(said(id), []);
    cc.close();
  });
});
