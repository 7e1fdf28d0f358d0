import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { createAuth } from '../../../bridge/auth/index.js';
import { sessionRoom } from '../../../bridge/hub/rooms.js';
import { hubConfig } from './support/hub-config.js';
import { ask, FAST_SCRYPT, next, startHarness, type Harness } from './support/hub-harness.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Two bridge instances (two hubs on two HTTP servers) share a Redis stream. Instance A owns the queue;
 * the agent's desktop is connected to instance B. Needs the Redis at 127.0.0.1:6379.
 */
describe('hub: Redis Streams adapter fans events out across instances', function () {
  const streamName = `hotline-test:${process.pid}:${randomBytes(6).toString('hex')}`;
  let a: Harness;
  let b: Harness;

  before(async function () {
    const probe = createClient({ url: REDIS_URL, socket: { connectTimeout: 1000, reconnectStrategy: false } });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.disconnect();
    } catch {
      throw new Error(`Redis is needed at ${REDIS_URL} for this test (set REDIS_URL to point elsewhere)`);
    }
    const config = hubConfig();
    // Sessions are per process; the two instances here share one auth as a shared session store would.
    const auth = createAuth(config, { labMode: true, seedHashParams: FAST_SCRYPT });
    a = await startHarness({ config, auth, hub: { redisUrl: REDIS_URL, redisStreamName: streamName } });
    b = await startHarness({ config, auth, hub: { redisUrl: REDIS_URL, redisStreamName: streamName } });
  });

  after(async () => {
    await a?.close();
    await b?.close();
    const c = createClient({ url: REDIS_URL });
    await c.connect();
    await c.del(streamName);
    await c.disconnect();
  });

  it('an offer raised on instance A reaches the agent connected to instance B, pop and all', async () => {
    const agentOnB = await b.connect('A01');
    a.callCenter.login('A01'); // the active instance knows the seat is staffed
    const offer = next(agentOnB.socket, 'offer');
    const callId = a.placeCall('13600005555');
    const o = await offer;
    assert.equal(o.callId, callId);
    assert.equal(o.pop.call.callerNumber, '13600005555');
    assert.deepEqual(a.pop.asked.map((x) => x.callId), [callId], 'instance A assembled the pop');
    assert.equal(b.pop.asked.length, 0);
  });

  it('a lead on instance A switches home mode; the desktop on instance B hears it', async () => {
    const agentOnB = await b.connect('A02');
    const lead = await a.connect('lead1');
    const heard = next(agentOnB.socket, 'centre-mode', (c) => c.mode === 'home');
    assert.ok((await ask(lead.socket, 'lead:centre-mode', { mode: 'home', reason: '台风', presetId: null })).ok);
    assert.equal((await heard).by, 'lead1');
  });

  it('instance A closes a session\'s socket that sits on instance B (the revocation path)', async () => {
    const token = await b.token('A02');
    const agentOnB = await b.connect('A02', { token, reconnection: false });
    const check = await b.auth.authenticate(token);
    assert.ok(check.ok);
    const sessionId = check.session.id;
    const told = next(agentOnB.socket, 'session-revoked');
    const closed = new Promise<string>((ok) => agentOnB.socket.once('disconnect', ok));
    // What a hub does when it hears a session end, issued from A only.
    a.hub.io.to(sessionRoom(sessionId)).emit('session-revoked', { reason: 'revoked' });
    a.hub.io.in(sessionRoom(sessionId)).disconnectSockets(true);
    assert.equal((await told).reason, 'revoked');
    assert.equal(await closed, 'io server disconnect');
  });
});
