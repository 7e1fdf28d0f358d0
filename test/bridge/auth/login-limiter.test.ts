import { strict as assert } from 'node:assert';
import { LoginLimiter } from '../../../bridge/auth/login-limiter.js';

describe('auth: failed-login limiter', () => {
  let t = 1_000_000;
  const clock = { now: () => t };
  beforeEach(() => (t = 1_000_000));

  it('blocks a key after the limit until the oldest failure leaves the window', () => {
    const l = new LoginLimiter({ maxFailures: 3, windowMs: 60_000 }, clock);
    l.recordFailure('u:a');
    t += 10_000;
    l.recordFailure('u:a');
    l.recordFailure('u:a');
    assert.equal(l.blockedForMs('u:a'), 50_000);
    assert.equal(l.blockedForMs('u:b'), 0, 'other keys are untouched');
    t += 50_000;
    assert.equal(l.blockedForMs('u:a'), 0);
  });

  it('reset clears a key (a successful login)', () => {
    const l = new LoginLimiter({ maxFailures: 2, windowMs: 60_000 }, clock);
    l.recordFailure('k');
    l.recordFailure('k');
    assert.ok(l.blockedForMs('k') > 0);
    l.reset('k');
    assert.equal(l.blockedForMs('k'), 0);
  });

  it('stays bounded when an attacker sprays keys', () => {
    const l = new LoginLimiter({ maxFailures: 1, windowMs: 60_000 }, clock, 100);
    for (let i = 0; i < 1000; i++) l.recordFailure(`ip:10.0.${i >> 8}.${i & 255}`);
    assert.equal(l.blockedForMs('ip:10.0.0.0'), 0, 'the oldest keys were evicted');
    assert.ok(l.blockedForMs('ip:10.0.3.231') > 0, 'the newest are kept');
  });

  it('refund takes back one counted attempt (a correct password), leaving the others', () => {
    const l = new LoginLimiter({ maxFailures: 2, windowMs: 60_000 }, clock);
    l.recordFailure('ip:x');
    t += 1;
    const at = l.recordFailure('ip:x');
    assert.ok(l.blockedForMs('ip:x') > 0);
    l.refund('ip:x', at);
    assert.equal(l.blockedForMs('ip:x'), 0);
    l.recordFailure('ip:x');
    assert.ok(l.blockedForMs('ip:x') > 0, 'the first failure still counts');
  });
});
