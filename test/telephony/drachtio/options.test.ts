import assert from 'node:assert/strict';
import pino from 'pino';
import { checkSecrets, createDrachtioTelephony, drachtioOptionsSchema } from '../../../telephony/drachtio/index.js';
import { headerSafe, sanitizeDisplayName, stripLineBreaks } from '../../../telephony/drachtio/sip-text.js';

const good = {
  drachtio: { host: '127.0.0.1', port: 9022, secret: 'x7-not-default' },
  freeswitch: { host: '127.0.0.1', port: 8021, password: 'also-not-default' },
  recordingsDir: '/data/rec',
  outboundGateway: 'sip:{number}@10.0.0.1:5060',
};

describe('drachtio adapter: options and secrets', function () {
  it('refuses the well-known default secrets', () => {
    assert.throws(() => checkSecrets({ ...good, drachtio: { ...good.drachtio, secret: 'cymru' } }), /drachtio secret is the default 'cymru'/);
    assert.throws(() => checkSecrets({ ...good, freeswitch: { ...good.freeswitch, password: 'ClueCon' } }), /'ClueCon'/);
    assert.doesNotThrow(() => checkSecrets(good));
  });

  it('validates the options at the boundary', () => {
    assert.ok(drachtioOptionsSchema.safeParse(good).success);
    assert.equal(drachtioOptionsSchema.safeParse({ ...good, outboundGateway: 'sip:10.0.0.1' }).success, false, 'needs {number}');
    assert.equal(drachtioOptionsSchema.safeParse({ ...good, recordingsDir: '/data/rec\nx' }).success, false);
    const parsed = drachtioOptionsSchema.parse(good);
    assert.equal(parsed.displayNameMax, 64);
    assert.equal(parsed.freeswitch.profile, 'drachtio_mrf');
    assert.equal(parsed.answerCaller, 'arrival');
  });

  it('the factory builds a port that reports itself down before start', () => {
    const port = createDrachtioTelephony({ ...good, logger: pino({ level: 'silent' }) });
    const h = port.health();
    assert.equal(h.ok, false);
    assert.match(h.detail, /drachtio unreachable/);
    assert.equal(h.liveChannels, 0);
  });

  it('sanitizes text bound for headers and browsers', () => {
    assert.equal(stripLineBreaks('a\r\nb\u2028c'), 'abc');
    assert.equal(headerSafe('x\r\nY: 1\u0000', 64), 'xY: 1');
    assert.equal(sanitizeDisplayName('  <img src=x onerror=alert(1)>Zhou\t\tQi ', 64), 'Zhou Qi');
    assert.equal(sanitizeDisplayName('阿依古丽'.repeat(40), 64).length, 64);
    assert.equal(sanitizeDisplayName(undefined, 64), '');
  });
});
