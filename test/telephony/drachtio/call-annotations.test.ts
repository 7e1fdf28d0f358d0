/**
 * The take-over notes a bridge keeps on the caller's FreeSWITCH channel (call-annotations.ts): what a
 * successor reads back, and what they cost FreeSWITCH, which reads every command line a byte at a time.
 */
import assert from 'node:assert/strict';
import { CALLER_VAR, CallNotes, FACTS_VAR, STATE_VAR, callerNoteSchema, decodeFacts, decodeNote, encodeNote, factParts } from '../../../telephony/drachtio/call-annotations.js';
import type { CallFacts } from '../../../telephony/telephony-port.js';
import { noLeaks, startRig, until, type Rig } from './rig.js';

const facts: CallFacts = {
  state: 'offered',
  arrivedAt: 1_764_700_000_000,
  priority: 0,
  language: 'kk',
  languageStrength: 'preferred',
  desk: 'general',
  didLabel: '12345 main line',
  reasons: [
    { source: 'history', text: '上次来电使用哈萨克语（3 次）' },
    { source: 'number', text: 'mobile number registered in Ili' },
  ],
  transfers: 0,
  seatId: 'seat-07',
  contactMode: 'office',
};

describe('drachtio adapter: take-over notes', function () {
  describe('encoding', function () {
    it('a successor reads back exactly the facts written, split in what lasts and what moves', () => {
      const parts = factParts(facts);
      const [lasting, moving] = [encodeNote(parts.lasting), encodeNote(parts.moving)];
      assert.deepEqual(decodeFacts(lasting, moving), facts);
      // The moving part is all a step of the call rewrites: state, seat, mode, transfers, no reasons.
      assert.ok(moving.length < 120, `moving note ${moving.length} bytes`);
      assert.equal(decodeFacts(lasting, encodeNote({ state: 'connected', seatId: 'seat-07', answeredAt: 5 }))?.state, 'connected');
    });

    it('facts written whole by a bridge of the previous version still read', () => {
      const before = Buffer.from(JSON.stringify(facts), 'utf8').toString('base64url');
      assert.deepEqual(decodeFacts(before), facts);
      assert.deepEqual(decodeFacts(before, undefined), facts);
    });

    it('a long note is deflated and shorter than plain base64url; a short one stays plain', () => {
      const long = { call: { reasons: facts.reasons, didLabel: 'x'.repeat(40) }, dialog: { remote: '"Zhang Wei" <sip:13800001234@127.0.0.1:5070>', target: 'sip:sipp@127.0.0.1:5070' } };
      const plain = Buffer.from(JSON.stringify(long), 'utf8').toString('base64url');
      const note = encodeNote(long);
      assert.ok(note.startsWith('~') && note.length < plain.length * 0.85, `${note.length} vs ${plain.length}`);
      assert.match(note, /^~[A-Za-z0-9_-]+$/, 'nothing FreeSWITCH would split a command line on');
      assert.equal(encodeNote({ state: 'waiting' }), Buffer.from('{"state":"waiting"}').toString('base64url'));
    });

    it('damaged, unset or foreign values read as no note at all', () => {
      const schema = callerNoteSchema;
      for (const raw of [undefined, '', '_undef_', '-ERR No such channel!', '~not-deflate', 'bm90IGpzb24', encodeNote({ call: 1 })]) {
        assert.equal(decodeNote(raw, schema), undefined, String(raw));
      }
      assert.equal(decodeFacts('~AAAA', undefined), undefined);
    });
  });

  describe('writing', function () {
    function writer(ready: Promise<boolean>, live = () => true) {
      const log: string[] = [];
      const gates: Array<() => void> = [];
      const notes = new CallNotes(
        (name, value) => {
          log.push(`${name}=${value ?? '<unset>'}`);
          return new Promise<boolean>((r) => gates.push(() => r(true)));
        },
        ready,
        live,
      );
      const next = async () => {
        await until(() => gates.length > 0, 'a write in flight');
        gates.shift()?.();
        await new Promise((r) => setImmediate(r));
      };
      return { notes, log, next };
    }

    it('one write at a time, the newest value of each variable last, nothing unchanged sent again', async () => {
      const { notes, log, next } = writer(Promise.resolve(true));
      notes.set(STATE_VAR, 'waiting');
      notes.set(FACTS_VAR, 'F1');
      await until(() => log.length === 1, 'first write');
      // While the first is in flight: the state moves twice, the lasting facts are pushed again unchanged.
      notes.set(STATE_VAR, 'offered');
      notes.set(STATE_VAR, 'connected');
      await next();
      await next();
      notes.set(FACTS_VAR, 'F1');
      await next();
      assert.deepEqual(log, [`${STATE_VAR}=waiting`, `${FACTS_VAR}=F1`, `${STATE_VAR}=connected`]);
    });

    it('nothing before the caller is anchored, nothing once the call is over; an unset of a value never set is skipped', async () => {
      let anchor!: (ok: boolean) => void;
      let live = true;
      const { notes, log, next } = writer(new Promise<boolean>((r) => (anchor = r)), () => live);
      notes.set('hotline_seat', undefined);
      notes.set(CALLER_VAR, 'C');
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(log, []);
      anchor(true);
      await next();
      live = false;
      notes.set(STATE_VAR, 'connected');
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(log, [`${CALLER_VAR}=C`]);
    });

    it('facts pushed at every step reach the switch as a successor reads them; the lasting part only when it changed', async () => {
      const { notes, log, next } = writer(Promise.resolve(true));
      const push = (f: typeof facts) => {
        const { lasting, moving } = factParts(f);
        notes.setValue(FACTS_VAR, lasting);
        notes.setValue(STATE_VAR, moving);
      };
      push({ ...facts, state: 'waiting', seatId: undefined });
      await next();
      await next();
      push({ ...facts, state: 'offered' });
      await next();
      push({ ...facts, state: 'connected', answeredAt: 9 });
      await next();
      push({ ...facts, state: 'connected', answeredAt: 9, priority: 2 });
      await next();
      const value = (entry: string) => entry.slice(entry.indexOf('=') + 1);
      const written = log.map((entry) => entry.slice(0, entry.indexOf('=')));
      assert.deepEqual(written, [FACTS_VAR, STATE_VAR, STATE_VAR, STATE_VAR, FACTS_VAR], 'the unchanged lasting part was not written again');
      assert.deepEqual(decodeFacts(value(log[4]!), value(log[3]!)), { ...facts, state: 'connected', answeredAt: 9, priority: 2 });
    });

    it('a value FreeSWITCH refused is written again when it is pushed again, not skipped as unchanged', async () => {
      const log: string[] = [];
      let accept = false;
      const notes = new CallNotes(
        async (name, value) => {
          log.push(`${name}=${value}`);
          return accept;
        },
        Promise.resolve(true),
        () => true,
      );
      notes.set(FACTS_VAR, 'F1');
      await until(() => log.length === 1, 'first attempt');
      accept = true;
      notes.set(FACTS_VAR, 'F1');
      await until(() => log.length === 2, 'written again');
      notes.set(FACTS_VAR, 'F1');
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(log, [`${FACTS_VAR}=F1`, `${FACTS_VAR}=F1`], 'once taken, the same value is not sent a third time');
    });
  });

  describe('on the switch', function () {
    let rig: Rig;
    afterEach(async () => {
      await rig?.stop();
    });

    it("a call's notes go to its caller channel, and each step rewrites only what moved", async () => {
      rig = await startRig();
      const seat = rig.seat('1201@10.1.0.131', { kind: 'answer', ringMs: 5, answerAfterMs: 20 });
      const { caller, call } = await rig.arrive({ number: '13800001201' });
      await caller.final();
      const from = rig.fs.commands.length;
      rig.tel.annotate(call.callId, { ...facts, state: 'waiting', seatId: undefined, contactMode: undefined });
      const offerId = await rig.offerTo(call, seat);
      rig.tel.annotate(call.callId, facts);
      await rig.event('seat-answered', (e) => e.offerId === offerId);
      rig.tel.annotate(call.callId, { ...facts, state: 'connected', answeredAt: 1_764_700_003_000 });
      const channel = () => rig.fs.live().find((c) => c.vars.get('sip_h_X-Hotline-Call-ID') === call.callId && c.vars.has(CALLER_VAR));
      await until(() => decodeFacts(channel()?.vars.get(FACTS_VAR), channel()?.vars.get(STATE_VAR))?.state === 'connected', 'connected on the switch');
      await until(() => channel()?.vars.has('hotline_seat') === true, 'seat note written');
      const setvars = rig.fs.commands.slice(from).filter((c) => c.includes('uuid_setvar'));
      assert.equal(setvars.filter((c) => c.includes(` ${FACTS_VAR} `)).length, 1, 'the lasting facts were written once');
      assert.ok(setvars.filter((c) => c.includes(` ${STATE_VAR} `)).length >= 2, 'the state moved');
      const read = decodeFacts(channel()?.vars.get(FACTS_VAR), channel()?.vars.get(STATE_VAR));
      assert.deepEqual(read, { ...facts, state: 'connected', answeredAt: 1_764_700_003_000 });
      await caller.bye();
      await noLeaks(rig);
    });

    it('a note FreeSWITCH refuses is logged, the call goes on, and the facts land at the next step', async () => {
      rig = await startRig();
      const seat = rig.seat('1202@10.1.0.132', { kind: 'answer', ringMs: 5, answerAfterMs: 20 });
      const { caller, call } = await rig.arrive({ number: '13800001202' });
      await caller.final();
      rig.fs.inject({ match: new RegExp(`uuid_setvar \\S+ ${FACTS_VAR} `), mode: 'error' });
      rig.tel.annotate(call.callId, { ...facts, state: 'waiting', seatId: undefined, contactMode: undefined });
      await until(() => rig.logs.some((l) => l.includes('FreeSWITCH refused a take-over fact')), 'the refusal logged');
      const offerId = await rig.offerTo(call, seat);
      await rig.event('seat-answered', (e) => e.offerId === offerId);
      rig.tel.annotate(call.callId, { ...facts, state: 'connected', answeredAt: 1_764_700_003_000 });
      const channel = () => rig.fs.live().find((c) => c.vars.get('sip_h_X-Hotline-Call-ID') === call.callId && c.vars.has(CALLER_VAR));
      await until(() => decodeFacts(channel()?.vars.get(FACTS_VAR), channel()?.vars.get(STATE_VAR))?.state === 'connected', 'the facts on the switch after all');
      await caller.bye();
      await noLeaks(rig);
    });
  });
});
