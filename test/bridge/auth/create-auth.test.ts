import { strict as assert } from 'node:assert';
import pino from 'pino';
import { Writable } from 'node:stream';
import { createAuth, hashPassword, type Session } from '../../../bridge/auth/index.js';
import { hubConfig } from '../hub/support/hub-config.js';

const FAST = { N: 1024, r: 8, p: 1 };

function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) }));
  return { logger, lines };
}

describe('auth: createAuth (users, seed password, sessions)', () => {
  let t = 1_700_000_000_000;
  const clock = { now: () => t };
  beforeEach(() => (t = 1_700_000_000_000));

  it('outside lab mode refuses to start while users lack a hash, naming them', async () => {
    const a01 = await hashPassword('pw-a01', FAST);
    assert.throws(() => createAuth(hubConfig({ seatHashes: { A01: a01 } }), { labMode: false }), (e: Error) => {
      assert.match(e.message, /A02/);
      assert.match(e.message, /lead1/);
      assert.match(e.message, /admin/);
      assert.doesNotMatch(e.message, /A01/);
      return true;
    });
  });

  it('outside lab mode, with every hash present, only the real passwords work', async () => {
    const h = await hashPassword('s3cret-台风', FAST);
    const cfg = hubConfig({ seatHashes: { A01: h, A02: h }, userHashes: { lead1: h, admin: h } });
    const auth = createAuth(cfg, { labMode: false, clock });
    assert.equal((await auth.login({ userId: 'A01', password: 'hotline-lab', ip: '10.0.0.1' })).ok, false);
    const ok = await auth.login({ userId: 'A01', password: 's3cret-台风', ip: '10.0.0.1' });
    assert.ok(ok.ok);
    assert.deepEqual(ok.session.user, { id: 'A01', name: '李娜', role: 'agent', seatId: 'A01' });
  });

  it('lab mode: the seed password from HOTLINE_SEED_PASSWORD (default hotline-lab)', async () => {
    const dflt = createAuth(hubConfig(), { labMode: true, seedHashParams: FAST, clock });
    assert.ok((await dflt.login({ userId: 'lead1', password: 'hotline-lab', ip: '1.1.1.1' })).ok);
    const custom = createAuth(hubConfig(), { labMode: true, seedHashParams: FAST, clock, env: { HOTLINE_SEED_PASSWORD: 'training-day' } });
    assert.equal((await custom.login({ userId: 'lead1', password: 'hotline-lab', ip: '1.1.1.1' })).ok, false);
    assert.ok((await custom.login({ userId: 'lead1', password: 'training-day', ip: '1.1.1.1' })).ok);
  });

  it('a wrong password is logged with user id and IP, never the password', async () => {
    const { logger, lines } = captureLog();
    const auth = createAuth(hubConfig(), { labMode: true, seedHashParams: FAST, clock, logger });
    const out = await auth.login({ userId: 'A02', password: 'guess-Ω-123', ip: '192.0.2.7' });
    assert.deepEqual(out, { ok: false, reason: 'credentials' });
    const failed = lines.find((l) => /login failed/.test(String(l.msg)));
    assert.ok(failed);
    assert.equal(failed.userId, 'A02');
    assert.equal(failed.ip, '192.0.2.7');
    assert.doesNotMatch(JSON.stringify(lines), /guess-Ω-123/);
  });

  it('unknown user ids fail like wrong passwords', async () => {
    const auth = createAuth(hubConfig(), { labMode: true, seedHashParams: FAST, clock });
    assert.deepEqual(await auth.login({ userId: 'nobody', password: 'hotline-lab', ip: '1.1.1.1' }), { ok: false, reason: 'credentials' });
  });

  it('five failures for one user id lock that id (also with the right password) until the window passes', async () => {
    const auth = createAuth(hubConfig(), { labMode: true, seedHashParams: FAST, clock });
    for (let i = 0; i < 5; i++) assert.equal((await auth.login({ userId: 'A01', password: `x${i}`, ip: `10.0.0.${i}` })).ok, false);
    const locked = await auth.login({ userId: 'A01', password: 'hotline-lab', ip: '10.0.0.99' });
    assert.equal(locked.ok, false);
    assert.ok(!locked.ok && locked.reason === 'rate-limited' && locked.retryAfterSeconds === 300);
    assert.ok((await auth.login({ userId: 'A02', password: 'hotline-lab', ip: '10.0.0.99' })).ok, 'other users unaffected');
    t += 5 * 60_000 + 1;
    assert.ok((await auth.login({ userId: 'A01', password: 'hotline-lab', ip: '10.0.0.99' })).ok);
  });

  it('tokens are 256-bit, sessions expire after the configured TTL, and an expired token says so', async () => {
    const auth = createAuth(hubConfig({ ttlHours: 2 }), { labMode: true, seedHashParams: FAST, clock });
    const out = await auth.login({ userId: 'A01', password: 'hotline-lab', ip: '1.1.1.1' });
    assert.ok(out.ok);
    assert.equal(Buffer.from(out.token, 'base64url').length, 32);
    assert.notEqual(out.session.id, out.token);
    t += 2 * 3600_000 - 1;
    const live = await auth.authenticate(out.token);
    assert.ok(live.ok && live.session.user.id === 'A01');
    t += 1;
    assert.deepEqual(await auth.authenticate(out.token), { ok: false, reason: 'expired' });
    assert.deepEqual(await auth.authenticate('x'.repeat(43)), { ok: false, reason: 'unknown' });
    assert.deepEqual(await auth.authenticate(undefined), { ok: false, reason: 'missing' });
  });

  it('a lead revokes an agent session but not an administrator one; agents revoke nothing', async () => {
    const auth = createAuth(hubConfig(), { labMode: true, seedHashParams: FAST, clock });
    const login = async (userId: string) => {
      const o = await auth.login({ userId, password: 'hotline-lab', ip: '1.1.1.1' });
      assert.ok(o.ok);
      return o;
    };
    const [agent, lead, admin] = [await login('A01'), await login('lead1'), await login('admin')];
    const ended: string[] = [];
    auth.onSessionEnded((s, why) => ended.push(`${s.userId}:${why}`));
    assert.equal(await auth.revoke(lead.session.id, agent.session.user), 'forbidden');
    assert.equal(await auth.revoke(admin.session.id, lead.session.user), 'forbidden');
    assert.equal(await auth.revoke('no-such-session', lead.session.user), 'not-found');
    const r = await auth.revoke(agent.session.id, lead.session.user);
    assert.ok(typeof r === 'object' && r.id === agent.session.id);
    assert.deepEqual(await auth.authenticate(agent.token), { ok: false, reason: 'revoked' });
    assert.deepEqual(ended, ['A01:revoked']);
    assert.ok(typeof (await auth.revoke(lead.session.id, admin.session.user)) === 'object', 'an admin can end a lead session');
  });

  it('a logged-out token says "logout"; logging out twice ends nothing more', async () => {
    const auth = createAuth(hubConfig(), { labMode: true, seedHashParams: FAST, clock });
    const o = await auth.login({ userId: 'A02', password: 'hotline-lab', ip: '1.1.1.1' });
    assert.ok(o.ok);
    assert.equal((await auth.logout(o.token))?.id, o.session.id);
    assert.equal(await auth.logout(o.token), undefined);
    assert.deepEqual(await auth.authenticate(o.token), { ok: false, reason: 'logout' });
  });
});
