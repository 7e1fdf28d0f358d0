import { strict as assert } from 'node:assert';
import { io as connectClient } from 'socket.io-client';
import { originAllowed } from '../../../bridge/hub/origin-policy.js';
import { startHarness, type Harness } from './support/hub-harness.js';

/** Tries a handshake; resolves 'connected' or the connect_error message. */
function attempt(url: string, opts: { token?: string; origin?: string; transport?: 'websocket' | 'polling' }): Promise<string> {
  const s = connectClient(url, {
    auth: opts.token ? { token: opts.token } : {},
    transports: [opts.transport ?? 'websocket'],
    forceNew: true,
    reconnection: false,
    ...(opts.origin ? { extraHeaders: { origin: opts.origin } } : {}),
  });
  return new Promise((ok) => {
    s.once('connect', () => (s.disconnect(), ok('connected')));
    s.once('connect_error', (e) => (s.disconnect(), ok(e.message)));
  });
}

describe('hub: handshake (origin and session)', () => {
  let h: Harness;
  beforeEach(async () => (h = await startHarness({ hub: { allowedOrigins: ['https://desk.12345.gov.cn'] } })));
  afterEach(() => h.close());

  it('refuses a foreign Origin even with a valid token, on both transports', async () => {
    const token = await h.token('A01');
    for (const transport of ['websocket', 'polling'] as const) {
      assert.notEqual(await attempt(h.url, { token, origin: 'https://evil.example', transport }), 'connected', transport);
      assert.notEqual(await attempt(h.url, { token, origin: 'null', transport }), 'connected', transport);
    }
    assert.equal(h.hub.connections(), 0);
    assert.ok(h.logs.some((l) => l.msg === 'socket handshake refused: foreign origin'));
    assert.equal(h.callCenter.seat('A01')?.state, 'offline', 'a refused handshake never logs the seat in');
  });

  it('accepts its own origin (the Host) and the configured allowed origins', async () => {
    const token = await h.token('A01');
    assert.equal(await attempt(h.url, { token, origin: h.url }), 'connected');
    assert.equal(await attempt(h.url, { token, origin: 'https://desk.12345.gov.cn' }), 'connected');
  });

  it('refuses a handshake without a token or with an unknown one', async () => {
    assert.equal(await attempt(h.url, {}), 'unauthorized');
    assert.equal(await attempt(h.url, { token: 'A'.repeat(43) }), 'unauthorized');
  });

  it('origin policy: same host, allowed list, missing Origin (non-browser) allowed; garbage refused', () => {
    assert.equal(originAllowed('http://10.1.2.3:8080', '10.1.2.3:8080', []), true);
    assert.equal(originAllowed('http://10.1.2.3:8081', '10.1.2.3:8080', []), false);
    assert.equal(originAllowed('HTTPS://Desk.12345.gov.cn', 'x', ['https://desk.12345.gov.cn']), true);
    assert.equal(originAllowed(undefined, 'x', []), true);
    assert.equal(originAllowed('javascript:alert(1)', 'x', []), false);
  });
});
