/**
 * The whole product on the real telephony adapter, end to end: `startBridge()` with TELEPHONY_MODE=drachtio
 * builds drachtio-srf / drachtio-fsmrf / modesl against the drachtio-server and FreeSWITCH protocol doubles;
 * a SIP caller on the trusted trunk is routed, offered to an agent's desktop socket with its screen-pop,
 * rung on the seat's desk phone, bridged, and released — and the FreeSWITCH double keeps no channel.
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import { rmSync } from 'node:fs';
import { startBridge } from '../../bridge/main.js';
import { CallState, SeatState } from '../../bridge/calls/call-center-api.js';
import { ask, DRACHTIO_SECRET, ESL_PASSWORD, Inbox, startProduct, until, untilAsync, writeCentre, type DeskPhone, type Product } from './support/drachtio-product.js';
import type { SeatScript } from '../../fixtures/doubles/seat-phone.js';

const ANSWER: SeatScript = { kind: 'answer', answerAfterMs: 0 };

const CALLER = '13912345678';

describe('product on the real telephony adapter (drachtio + FreeSWITCH doubles)', function () {
  this.timeout(20_000);
  let p: Product;
  const phone = (seatId: string): DeskPhone => p.phones.get(seatId)!;
  /** The call centre's id for the call from `number`. */
  const callFrom = (number: string) => until(`the bridge to see the call from ${number}`, () => p.bridge.callCenter.liveCalls().find((c) => c.callerNumber === number));

  beforeEach(async () => {
    p = await startProduct();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') process.stderr.write(p.logs.slice(-40).join(''));
    await p?.close();
  });

  it('routes a 12333 call to the social-security seat: pop before the phone answers, bridge, caller BYE, wrap-up, no channel left', async () => {
    // D03 is a general-only seat, logged in and free: 12333 must not go to it.
    await p.desktop('D03');
    const { socket, snapshot } = await p.desktop('D01');
    assert.equal(snapshot.seat?.state, SeatState.Available);
    const inbox = new Inbox(socket);

    const caller = p.call({ number: CALLER, displayName: '李先生', dialled: '12333' });
    const offer = await inbox.wait('offer');
    // The agent reads the pop while the desk phone is still ringing.
    await until('the desk phone to ring', () => phone('D01').ringing);
    assert.equal(phone('D01').connected, false);
    assert.equal(phone('D03').invites.length, 0, 'the general-only seat is not rung');
    assert.equal(offer.pop.call.callerNumber, CALLER);
    assert.match(offer.pop.call.didLabel, /12333 人社服务热线/);
    assert.equal(offer.pop.call.desk, 'social-security');
    assert.match(offer.pop.call.reasons.map((r) => r.text).join(' | '), /12333/);
    assert.equal(offer.contactMode, 'office');
    // The phone shows who is calling.
    assert.match(phone('D01').invites[0]!.headers.find(([h]) => /^from$/i.test(h))?.[1] ?? '', new RegExp(CALLER));

    assert.deepEqual(await ask(socket, 'offer:accept', { callId: offer.callId }), { ok: true, result: null });
    phone('D01').pickUp();

    const answered = await inbox.wait('call', (c) => c.kind === 'answered');
    assert.equal(answered.call.id, offer.callId);
    assert.equal(answered.call.state, CallState.Connected);
    const view = p.bridge.callCenter.call(offer.callId);
    assert.equal(view?.state, CallState.Connected);
    assert.equal(view?.seatId, 'D01');
    await inbox.wait('seat', (s) => s.seat.state === SeatState.OnCall);
    assert.equal((await caller.final()).status, 200, 'the caller is answered');
    // FreeSWITCH bridged the caller's channel to the seat's and records the whole call in the configured folder.
    const callerChannel = await until('caller channel bridged', () => p.fs.live().find((c) => c.recordings.length > 0 && c.bridgedWith));
    assert.match(callerChannel.recordings[0]!, /hotline-drachtio-[^/]+\/recordings\/.+\.wav$/);

    await caller.bye();
    const ended = await inbox.wait('call', (c) => c.kind === 'ended');
    assert.equal(ended.call.id, offer.callId);
    await inbox.wait('seat', (s) => s.seat.state === SeatState.WrapUp);
    assert.equal(p.bridge.callCenter.seat('D01')?.state, SeatState.WrapUp);
    assert.equal(p.bridge.callCenter.liveCalls().length, 0);
    await until('the desk phone to get BYE', () => phone('D01').byeReceived);
    await until('zero live FreeSWITCH channels', () => p.fs.liveChannels() === 0);
    await until('the adapter holding no endpoint', () => p.bridge.telephony.health().liveChannels === 0);
  });

  it('no seat free: the caller hears hold music, then the agent goes available and the call is offered and bridged', async () => {
    const { socket } = await p.desktop('D01');
    const inbox = new Inbox(socket);
    assert.deepEqual(await ask(socket, 'seat:not-ready', { reason: 'break' }), { ok: true, result: null });
    assert.equal(p.bridge.callCenter.seat('D01')?.state, SeatState.NotReady);

    const caller = p.call({ number: CALLER, dialled: '12333' });
    const waiting = await callFrom(CALLER);
    await until('the call to queue', () => p.bridge.callCenter.call(waiting.id)?.state === CallState.Queued);
    assert.equal((await caller.final()).status, 200, 'answered on arrival: the caller is not left ringing');
    const music = await until('hold music in Mandarin', () => p.fs.live().find((c) => c.playing === '/music/hold-zh.wav'));
    assert.equal(inbox.find('offer'), undefined);
    assert.equal(phone('D01').invites.length, 0);

    phone('D01').script = ANSWER;
    assert.deepEqual(await ask(socket, 'seat:available', {}), { ok: true, result: null });
    // The phone answers at once: the pop comes with the offer, or right after the answer as the call's pop.
    const pop = await inbox.popFor(waiting.id);
    assert.equal(pop.call.callerNumber, CALLER);
    await inbox.wait('call', (c) => c.kind === 'answered' && c.call.id === waiting.id);
    assert.equal(p.bridge.callCenter.call(waiting.id)?.seatId, 'D01');
    await until('the music to stop and the caller to be bridged', () => music.playing === undefined && music.bridgedWith);
    assert.ok(phone('D01').connected);

    await caller.bye();
    await inbox.wait('call', (c) => c.kind === 'ended');
    await until('zero live FreeSWITCH channels', () => p.fs.liveChannels() === 0);
  });

  it('a desk phone answering 486 puts that seat not-ready and the call is re-offered to the other seat, which connects', async () => {
    const d1 = await p.desktop('D01');
    const d2 = await p.desktop('D02');
    const inboxes = { D01: new Inbox(d1.socket), D02: new Inbox(d2.socket) };
    // Whichever seat the ACD picks first is busy on its phone; the next one answers.
    let busySeat: 'D01' | 'D02' | undefined;
    const busyFirst = (seatId: 'D01' | 'D02') => (): SeatScript => {
      if (busySeat) return ANSWER;
      busySeat = seatId;
      return { kind: 'reject', status: 486 };
    };
    phone('D01').script = busyFirst('D01');
    phone('D02').script = busyFirst('D02');

    const caller = p.call({ number: CALLER, dialled: '12333' });
    const call = await callFrom(CALLER);
    await until('the call to connect', () => p.bridge.callCenter.call(call.id)?.state === CallState.Connected);
    assert.ok(busySeat, 'one desk phone answered busy');
    const goodSeat = busySeat === 'D01' ? 'D02' : 'D01';

    assert.equal(p.bridge.callCenter.call(call.id)?.seatId, goodSeat);
    assert.ok(phone(goodSeat).connected);
    assert.equal(phone(busySeat).connected, false);
    const busy = p.bridge.callCenter.seat(busySeat);
    assert.equal(busy?.state, SeatState.NotReady);
    assert.equal(busy?.notReadyReason, 'missed-offer');
    assert.equal(busy?.missedOffers, 1);
    // Both agents saw it: the busy seat its offer come and go, the other the offer and the connected call.
    await inboxes[busySeat].wait('offer-withdrawn', (o) => o.callId === call.id);
    await inboxes[busySeat].wait('seat', (s) => s.seat.state === SeatState.NotReady);
    await inboxes[goodSeat].popFor(call.id);
    await inboxes[goodSeat].wait('call', (c) => c.kind === 'answered' && c.call.id === call.id);

    await caller.bye();
    await until('the call to end', () => p.bridge.callCenter.liveCalls().length === 0);
    await until('zero live FreeSWITCH channels', () => p.fs.liveChannels() === 0);
  });

  it('while FreeSWITCH is unreachable /healthz says why and new calls get 503; after it is back calls are routed again', async () => {
    const { socket } = await p.desktop('D01');
    const inbox = new Inbox(socket);
    assert.equal((await fetch(`${p.bridge.url}/healthz`)).status, 200);

    p.fs.dropEsl(true);
    const health = await untilAsync('/healthz to answer 503', async () => {
      const res = await fetch(`${p.bridge.url}/healthz`);
      return res.status === 503 ? ((await res.json()) as { status: string; telephony: { ok: boolean; detail: string } }) : undefined;
    });
    assert.equal(health.status, 'degraded');
    assert.equal(health.telephony.ok, false);
    assert.match(health.telephony.detail, /FreeSWITCH unreachable/);

    const refused = p.call({ number: CALLER, dialled: '12333' });
    assert.equal((await refused.final()).status, 503);
    assert.equal(inbox.find('offer'), undefined, 'nothing offered for a refused call');
    assert.equal(p.bridge.callCenter.liveCalls().length, 0);

    p.fs.restore();
    await until('FreeSWITCH back', () => p.bridge.telephony.health().ok, 8000);
    assert.equal((await fetch(`${p.bridge.url}/healthz`)).status, 200);

    phone('D01').script = ANSWER;
    const caller = p.call({ number: '13800001111', dialled: '12333' });
    const answered = await inbox.wait('call', (c) => c.kind === 'answered' && c.call.callerNumber === '13800001111');
    assert.equal((await inbox.popFor(answered.call.id)).call.callerNumber, '13800001111');
    await caller.bye();
    await until('zero live FreeSWITCH channels', () => p.fs.liveChannels() === 0);
  });
});

describe('product refuses the real telephony adapter on default secrets', function () {
  this.timeout(10_000);
  const quiet = pino({ level: 'silent' });

  for (const [name, env] of [
    ['the drachtio secret cymru', { DRACHTIO_SECRET: 'cymru', FREESWITCH_ESL_PASSWORD: ESL_PASSWORD }],
    ['the event-socket password ClueCon', { DRACHTIO_SECRET, FREESWITCH_ESL_PASSWORD: 'ClueCon' }],
  ] as const) {
    it(`rejects ${name} with a message naming it`, async () => {
      const centre = await writeCentre();
      try {
        await assert.rejects(
          startBridge({ configPath: centre.configPath, env: { TELEPHONY_MODE: 'drachtio', ...env }, port: 0, host: '127.0.0.1', logger: quiet }),
          (err: Error) => {
            assert.match(err.message, /refusing to start the real telephony adapter/);
            assert.match(err.message, name.includes('cymru') ? /drachtio secret is the default 'cymru'/ : /password is the default 'ClueCon'/);
            return true;
          },
        );
      } finally {
        rmSync(centre.dir, { recursive: true, force: true });
      }
    });
  }
});
