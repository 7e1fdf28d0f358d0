import { strict as assert } from 'node:assert';
import { io as connectClient } from 'socket.io-client';
import { createAuth } from '../../../bridge/auth/index.js';
import { ManualClock } from '../../../telephony/lab/manual-clock.js';
import { hubConfig } from './support/hub-config.js';
import { FAST_SCRYPT, next, startHarness, until, type Harness } from './support/hub-harness.js';

describe('hub: revoked sessions', () => {
  let h: Harness;
  beforeEach(async () => (h = await startHarness()));
  afterEach(() => h.close());

  it('a session revoked by a lead is told, disconnected, cannot come back, and its seat logs out at once', async () => {
    const token = await h.token('A01');
    const a01 = await h.connect('A01', { token });
    const other = await h.connect('A02');
    assert.equal(h.callCenter.seat('A01')?.attended, true);
    const agentSession = (await h.auth.sessions()).find((s) => s.user.id === 'A01')!;
    const leadUser = h.auth.user('lead1')!;

    const told = next(a01.socket, 'session-revoked');
    const closed = new Promise<string>((ok) => a01.socket.once('disconnect', ok));
    assert.ok(typeof (await h.auth.revoke(agentSession.id, leadUser)) === 'object');
    assert.equal((await told).reason, 'revoked');
    assert.equal(await closed, 'io server disconnect');
    await until('seat logged out', () => h.callCenter.seat('A01')?.state === 'offline');

    const retry = connectClient(h.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    const err = await new Promise<Error & { data?: { code: string; reason: string } }>((ok) => retry.once('connect_error', ok));
    assert.equal(err.message, 'unauthorized');
    assert.deepEqual(err.data, { code: 'unauthorized', reason: 'revoked' }, 'the reason travels to the desktop');
    retry.disconnect();
    assert.ok(other.socket.connected, 'nobody else is touched');
  });

  it('logging out over REST ends the desktop socket of that session only', async () => {
    const t1 = await h.token('A01');
    const s1 = await h.connect('A01', { token: t1 });
    const s2 = await h.connect('A01'); // a second tab with its own session
    const told = next(s1.socket, 'session-revoked');
    await h.auth.logout(t1);
    assert.equal((await told).reason, 'logout');
    await until('first socket closed', () => !s1.socket.connected);
    assert.ok(s2.socket.connected);
    assert.equal(h.callCenter.seat('A01')?.attended, true, 'the other tab keeps the seat');
  });

  it('a session that expires closes its desktop socket at that moment', async () => {
    await h.close();
    const clock = new ManualClock(Date.now());
    const config = hubConfig({ ttlHours: 1 });
    const auth = createAuth(config, { labMode: true, seedHashParams: FAST_SCRYPT, clock });
    h = await startHarness({ config, auth, hub: { clock } });
    const a01 = await h.connect('A01');
    const told = next(a01.socket, 'session-revoked');
    await clock.advance(3600_000 - 1);
    assert.ok(a01.socket.connected);
    await clock.advance(1);
    assert.equal((await told).reason, 'expired');
    await until('socket closed', () => !a01.socket.connected);
    await until('seat logged out without grace', () => h.callCenter.seat('A01')?.state === 'offline');
  });
});

