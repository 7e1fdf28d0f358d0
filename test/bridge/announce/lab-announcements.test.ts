/**
 * A waiting caller in the lab hears, in their language, the greeting on arrival and then, every
 * `announce.everySeconds`, their place and expected wait; places fall as the calls ahead are served.
 * CallCenterService + the real lab switch on a manual clock; what was said is read from the lab's
 * `announced` events.
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import { LabSwitch } from '../../../telephony/lab/lab-switch.js';
import { ManualClock, settle } from '../../../telephony/lab/manual-clock.js';
import type { Announcement, TelephonyEvent } from '../../../telephony/telephony-port.js';
import { CallCenterService } from '../../../bridge/calls/call-center.js';
import { loadPhraseCatalogue } from '../../../bridge/announce/phrase-catalogue.js';
import type { Language } from '../../../bridge/domain/types.js';
import { T0, target, testConfig } from '../calls/call-center-fixture.js';

const EVERY = 30;

describe('queue announcements in the lab', function () {
  this.timeout(20_000);
  let clock: ManualClock;
  let lab: LabSwitch;
  let cc: CallCenterService;
  const said = new Map<string, Array<{ at: number; a: Announcement }>>();
  const lang = new Map<string, Language>();

  beforeEach(async () => {
    said.clear();
    lang.clear();
    clock = new ManualClock(T0);
    const quiet = pino({ level: 'silent' });
    lab = new LabSwitch({ clock, logger: quiet, seed: 3, seatAnswerDelayMs: { min: 1000, max: 1000 }, noAnswerProbability: 0, talkSeconds: { min: 100, max: 100 } });
    const config = testConfig({
      desks: [
        { id: 'general', name: '综合', ringTimeoutSeconds: 10, wrapUpSeconds: 20 },
        { id: 'emergency', name: '应急联动', emergency: true, announce: { everySeconds: 10 } },
      ],
      seats: [
        { id: 'kk1', name: '阿', languages: ['kk'], desks: ['general'], officeContact: 'sip:kk1@office' },
        { id: 'em1', name: '赵', languages: ['zh'], desks: ['emergency'], officeContact: 'sip:em1@office' },
      ],
      homeSeat: { presets: [] },
      announce: { everySeconds: EVERY, minAnswers: 1 },
    });
    cc = new CallCenterService({
      config,
      telephony: lab,
      route: async (c) => ({ target: target({ language: lang.get(c.callerNumber) ?? 'kk', desk: c.dialledNumber === '12345110' ? 'emergency' : 'general' }), didLabel: c.dialledNumber }),
      clock,
      logger: quiet,
      autoLoginSeats: true,
      phrases: loadPhraseCatalogue(),
    });
    lab.on((e: TelephonyEvent) => {
      if (e.type === 'announced') said.set(e.callId, [...(said.get(e.callId) ?? []), { at: clock.now() - T0, a: e.announcement }]);
    });
    await lab.start();
  });
  afterEach(async () => {
    cc.close();
    await lab.stop();
  });

  async function place(number: string, language: Language, dialled = '12345'): Promise<string> {
    lang.set(number, language);
    const id = lab.placeCall({ callerNumber: number, dialledNumber: dialled, patienceSeconds: 3600, talkSeconds: 100 });
    await settle();
    await clock.advance(0);
    return id;
  }

  /** What the caller was told about their place, in order (the number after position-before). */
  function places(callId: string): number[] {
    return (said.get(callId) ?? [])
      .map((s) => s.a.prompts)
      .filter((p) => p[0] === 'position-before')
      .map((p) => p.slice(1).filter((x) => x.startsWith('n:')).reduce((n, x) => n + Number(x.slice(2)), 0));
  }

  it('greets on arrival, then says place and wait every everySeconds, in the caller’s language; places fall as calls ahead are served', async () => {
    const first = await place('13800000001', 'kk'); // takes the only Kazakh seat at once
    await clock.advance(2000);
    assert.equal(lab.call(first)?.state, 'connected');
    assert.equal(said.get(first), undefined, 'a call answered at once is told nothing');

    const b = await place('13800000002', 'kk');
    const c = await place('13800000003', 'kk');
    const z = await place('13800000004', 'zh'); // nobody speaks Mandarin on this desk: waits alone in its group
    for (const id of [b, c, z]) assert.deepEqual(said.get(id)?.map((s) => s.a.prompts), [['greeting']], 'greeting on arrival');
    assert.equal(said.get(b)?.[0]?.a.language, 'kk');
    assert.equal(said.get(z)?.[0]?.a.language, 'zh');

    await clock.advance(EVERY * 1000);
    assert.deepEqual(said.get(b)?.at(-1)?.a, { language: 'kk', prompts: ['position-before', 'n:1', 'wait-before', 'min:1'] }, '"Кезектегі нөміріңіз: бір. Күту уақыты шамамен бір минут."');
    assert.deepEqual(places(c), [2]);
    assert.deepEqual(said.get(z)?.at(-1)?.a.prompts.slice(0, 3), ['position-before', 'n:1', 'position-after'], 'Mandarin: 您当前排在第 一 位');
    assert.equal(said.get(z)?.at(-1)?.a.language, 'zh');
    assert.ok(!said.get(z)!.at(-1)!.a.prompts.some((p) => p.startsWith('min:')), 'no Mandarin call answered yet: no wait is promised');

    // The first call talks 100 s (until ~101 s), wraps up 20 s: b's seat rings at ~121 s, after b
    // heard its place at 32, 62 and 92 s; c hears 2 until then, and 1 from 122 s on.
    for (let t = 0; t < 8; t++) await clock.advance(EVERY * 1000);
    assert.ok(cc.call(b)?.answeredAt, 'b was served');
    assert.deepEqual(places(b), [1, 1, 1], 'b was told its place until its seat rang, then nothing');
    assert.deepEqual(places(c).slice(0, 4), [2, 2, 2, 1], `c moved up once b was served: ${places(c).join(' ')}`);
    assert.ok(places(c).every((p, i, all) => i === 0 || p <= all[i - 1]!), 'a place never goes back');

    const times = (said.get(c) ?? []).map((s) => s.at);
    assert.ok(times.slice(1).every((t, i) => t - times[i]! >= EVERY * 1000), `c was told no more often than every ${EVERY} s: ${times.join(' ')}`);
    assert.equal(said.get(b)!.filter((s) => s.a.prompts[0] === 'greeting').length, 1, 'the greeting is said once');
  });

  it('a desk with its own everySeconds announces at its own rhythm', async () => {
    await place('13800000011', 'zh', '12345110');
    const waiting = await place('13800000012', 'zh', '12345110');
    await clock.advance(35_000);
    const at = (said.get(waiting) ?? []).map((s) => s.at / 1000);
    assert.deepEqual(at, [0, 10, 20, 30]);
  });
});
