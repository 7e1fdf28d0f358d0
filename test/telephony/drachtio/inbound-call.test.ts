import assert from 'node:assert/strict';
import { parseInbound, parseNameAddr, userOf } from '../../../telephony/drachtio/inbound-call.js';
import type { SipMsgLike } from '../../../telephony/drachtio/library-types.js';
import { TrustedTrunks } from '../../../telephony/drachtio/trusted-trunks.js';

const SDP = 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

function req(headers: Record<string, string>, opts: { uri?: string; body?: string; source?: string } = {}): SipMsgLike {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method: 'INVITE',
    uri: opts.uri ?? 'sip:12333@hotline.example',
    body: opts.body ?? SDP,
    source_address: opts.source ?? '10.20.0.5',
    source_port: 5060,
    get: (n) => lower.get(n.toLowerCase()),
    has: (n) => lower.has(n.toLowerCase()),
  };
}

const base = { From: '"Li Lei" <sip:13812341234@sbc>;tag=a', To: '<sip:12333@hotline>', Contact: '<sip:1@10.20.0.5>' };
const trunks = new TrustedTrunks([
  { name: 'sbc', addresses: ['10.20.0.0/24'] },
  { name: 'v6', addresses: ['2001:db8::/32', '192.0.2.7'] },
]);
const ctx = { callId: 'c1', now: 1000, trunks, displayNameMax: 64 };

describe('drachtio adapter: inbound INVITE parsing', function () {
  it('reads DID, number, display name and trunk', () => {
    const r = parseInbound(req(base), ctx);
    assert.ok(r.ok);
    assert.equal(r.call.dialledNumber, '12333');
    assert.equal(r.call.callerNumber, '13812341234');
    assert.equal(r.call.callerDisplayName, 'Li Lei');
    assert.equal(r.call.trunk, 'sbc');
    assert.equal(r.call.callerVerified, true);
    assert.equal(r.call.arrivedAt, 1000);
  });

  it('takes P-Asserted-Identity (tel: or sip:) only from a trusted trunk', () => {
    const pai = { ...base, 'P-Asserted-Identity': '<tel:+8613900001111>, "X" <sip:+8613900001111@sbc>' };
    const trusted = parseInbound(req(pai), ctx);
    assert.ok(trusted.ok);
    assert.equal(trusted.call.callerNumber, '+8613900001111');
    const untrusted = parseInbound(req(pai, { source: '198.51.100.1' }), ctx);
    assert.ok(untrusted.ok);
    assert.equal(untrusted.call.callerNumber, '13812341234');
    assert.equal(untrusted.call.callerVerified, false);
    assert.equal(untrusted.call.trunk, null);
  });

  it('withheld numbers give an empty, unverified identity', () => {
    const r = parseInbound(req({ ...base, From: '"Anonymous" <sip:anonymous@anonymous.invalid>;tag=1' }), ctx);
    assert.ok(r.ok);
    assert.equal(r.call.callerNumber, '');
    assert.equal(r.call.callerVerified, false);
  });

  it('matches IPv6 and single-address trunks', () => {
    assert.equal(trunks.match('2001:db8::5'), 'v6');
    assert.equal(trunks.match('192.0.2.7'), 'v6');
    assert.equal(trunks.match('192.0.2.8'), null);
    assert.equal(trunks.match('not-an-ip'), null);
    assert.throws(() => new TrustedTrunks([{ name: 'x', addresses: ['10.0.0.0/40'] }]), /bad prefix/);
    assert.throws(() => new TrustedTrunks([{ name: 'x', addresses: ['sbc.example'] }]), /not an IP/);
  });

  it('rejects what cannot be served with the right status', () => {
    const cases: Array<[SipMsgLike, number]> = [
      [req({ To: base.To, Contact: base.Contact }), 400],
      [req({ From: base.From, Contact: base.Contact }), 400],
      [req({ From: base.From, To: base.To }), 400],
      [req(base, { uri: 'sip:hotline.example' }), 484],
      [req(base, { uri: 'sip:12@hotline.example' }), 484],
      [req(base, { body: '' }), 488],
      [req({ ...base, 'Content-Type': 'application/x-unknown' }), 488],
    ];
    for (const [r, status] of cases) {
      const res = parseInbound(r, ctx);
      assert.equal(res.ok, false);
      if (!res.ok) assert.equal(res.status, status);
    }
  });

  it('parses quoted display names containing markup and escaped quotes', () => {
    assert.deepEqual(parseNameAddr('"<b>x</b> \\"y\\"" <sip:1@h>;tag=2'), { display: '<b>x</b> \\"y\\"', uri: 'sip:1@h' });
    assert.deepEqual(parseNameAddr('Bob <sip:2@h>'), { display: 'Bob', uri: 'sip:2@h' });
    assert.deepEqual(parseNameAddr('sip:3@h;tag=1'), { display: undefined, uri: 'sip:3@h' });
    assert.equal(parseNameAddr('garbage'), undefined);
    assert.equal(userOf('sip:%31%32%33@h'), '123');
    assert.equal(userOf('tel:+861012345;phone-context=x'), '+861012345');
  });

  it('keeps only well-formed hints', () => {
    const r = parseInbound(req({ ...base, 'X-Language': 'UG', 'X-Desk': 'Legal Advice', 'X-Emergency': 'no' }), ctx);
    assert.ok(r.ok);
    assert.deepEqual(r.call.hints, { language: 'ug' });
    assert.deepEqual(r.droppedHints, ['X-Desk']);
  });
});
