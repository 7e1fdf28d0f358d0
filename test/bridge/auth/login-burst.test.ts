/**
 * Issue 9: 100 parallel guesses used to be checked all at once and the right password got in. Attempts
 * are now counted before the (async) scrypt check, so a burst is limited like a series, and the lock-out
 * is in the log and in the audit trail.
 */
import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createAuth, type AuditSink } from '../../../bridge/auth/index.js';
import { hubConfig } from '../hub/support/hub-config.js';

const FAST = { N: 1024, r: 8, p: 1 };

function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) }));
  return { logger, lines };
}

class RecordingAudit implements AuditSink {
  readonly entries: Parameters<AuditSink['appendAudit']>[0][] = [];
  async appendAudit(e: Parameters<AuditSink['appendAudit']>[0]): Promise<void> {
    this.entries.push(e);
  }
}

describe('auth: a burst of parallel login guesses', () => {
  it('100 parallel wrong passwords, then the right one: locked out; the log and the audit say so', async () => {
    const { logger, lines } = captureLog();
    const audit = new RecordingAudit();
    const auth = createAuth(hubConfig(), { labMode: true, seedHashParams: FAST, logger, audit });
    const guesses = await Promise.all(Array.from({ length: 100 }, (_, i) => auth.login({ userId: 'A01', password: `guess-${i}-秘密`, ip: '198.51.100.9' })));
    const checked = guesses.filter((g) => !g.ok && g.reason === 'credentials').length;
    const refused = guesses.filter((g) => !g.ok && g.reason === 'rate-limited').length;
    assert.equal(checked, 5, 'only the first five guesses reach the password check');
    assert.equal(refused, 95);

    const right = await auth.login({ userId: 'A01', password: 'hotline-lab', ip: '198.51.100.9' });
    assert.equal(right.ok, false);
    assert.ok(!right.ok && right.reason === 'rate-limited' && right.retryAfterSeconds > 0);
    assert.deepEqual(await auth.sessions(), [], 'no session was created');

    const lockLines = lines.filter((l) => l.outcome === 'locked-out');
    assert.equal(lockLines.length, 1, 'one lock-out, announced once');
    assert.equal(lockLines[0]!.userId, 'A01');
    assert.equal(lockLines[0]!.ip, '198.51.100.9');
    assert.equal(lockLines[0]!.scope, 'user');
    assert.equal(lines.filter((l) => l.outcome === 'failed').length, 5);
    assert.equal(lines.filter((l) => l.outcome === 'refused-locked-out').length, 96, '95 of the burst and the right password');
    assert.doesNotMatch(JSON.stringify(lines), /guess-\d+|hotline-lab/, 'no password in the log');

    assert.equal(audit.entries.length, 1);
    assert.equal(audit.entries[0]!.action, 'login-locked-out');
    assert.deepEqual(audit.entries[0]!.detail, { scope: 'user', userId: 'A01', ip: '198.51.100.9', retryAfterSeconds: 300 });
  });

  it('guesses spread over many user ids from one address lock the address at its own limit', async () => {
    const audit = new RecordingAudit();
    const auth = createAuth(hubConfig(), { labMode: true, seedHashParams: FAST, audit, perIp: { maxFailures: 10, windowMs: 60_000 } });
    const out = await Promise.all(Array.from({ length: 40 }, (_, i) => auth.login({ userId: `u${i}`, password: 'x', ip: '203.0.113.5' })));
    assert.equal(out.filter((o) => !o.ok && o.reason === 'credentials').length, 10);
    const fromThere = await auth.login({ userId: 'A02', password: 'hotline-lab', ip: '203.0.113.5' });
    assert.ok(!fromThere.ok && fromThere.reason === 'rate-limited');
    assert.ok((await auth.login({ userId: 'A02', password: 'hotline-lab', ip: '203.0.113.6' })).ok, 'another address is not affected');
    assert.deepEqual(audit.entries.map((e) => [e.action, e.detail.scope, e.actor]), [['login-locked-out', 'address', 'ip:203.0.113.5']]);
  });

  it('a correct password in a burst is not held against the address or the user', async () => {
    const auth = createAuth(hubConfig(), { labMode: true, seedHashParams: FAST, perIp: { maxFailures: 3, windowMs: 60_000 } });
    const burst = await Promise.all([
      auth.login({ userId: 'A01', password: 'hotline-lab', ip: '10.1.1.1' }),
      auth.login({ userId: 'A02', password: 'hotline-lab', ip: '10.1.1.1' }),
      auth.login({ userId: 'lead1', password: 'hotline-lab', ip: '10.1.1.1' }),
    ]);
    assert.deepEqual(burst.map((b) => b.ok), [true, true, true]);
    assert.ok((await auth.login({ userId: 'admin', password: 'hotline-lab', ip: '10.1.1.1' })).ok, 'three good logins left the address unblocked');
  });

  it('logins, logouts and revocations are logged with user id, address and outcome; revocations are audited', async () => {
    const { logger, lines } = captureLog();
    const audit = new RecordingAudit();
    const auth = createAuth(hubConfig(), { labMode: true, seedHashParams: FAST, logger, audit });
    const agent = await auth.login({ userId: 'A01', password: 'hotline-lab', ip: '10.2.0.1' });
    const lead = await auth.login({ userId: 'lead1', password: 'hotline-lab', ip: '10.2.0.2' });
    assert.ok(agent.ok && lead.ok);
    assert.ok(typeof (await auth.revoke(agent.session.id, lead.session.user)) === 'object');
    await auth.logout(lead.token, '10.2.0.2');
    const by = (o: string) => lines.filter((l) => l.outcome === o).map((l) => [l.userId, l.ip]);
    assert.deepEqual(by('ok'), [['A01', '10.2.0.1'], ['lead1', '10.2.0.2']]);
    assert.deepEqual(by('revoked'), [['A01', '10.2.0.1']]);
    assert.equal(lines.find((l) => l.outcome === 'revoked')!.by, 'lead1');
    assert.deepEqual(by('logout'), [['lead1', '10.2.0.2']]);
    assert.deepEqual(audit.entries.map((e) => [e.actor, e.action, e.detail.userId, e.detail.sessionId]), [['lead1', 'session-revoked', 'A01', agent.session.id]]);
  });

  it('an audit trail that fails does not stop a lock-out or a revocation', async () => {
    const { logger, lines } = captureLog();
    const auth = createAuth(hubConfig(), { labMode: true, seedHashParams: FAST, logger, audit: { appendAudit: () => Promise.reject(new Error('disk full')) } });
    for (let i = 0; i < 5; i++) await auth.login({ userId: 'A02', password: 'no', ip: '10.3.0.1' });
    const locked = await auth.login({ userId: 'A02', password: 'hotline-lab', ip: '10.3.0.1' });
    assert.ok(!locked.ok && locked.reason === 'rate-limited');
    assert.ok(lines.some((l) => l.msg === 'audit entry could not be written' && l.action === 'login-locked-out'));
  });
});
