import { strict as assert } from 'node:assert';
import { hashPassword, isPasswordHash, parsePasswordHash, verifyPassword } from '../../../bridge/auth/password-hash.js';

const FAST = { N: 1024, r: 8, p: 1 };

describe('auth: password hashes (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('台风-2024-Yagi', FAST);
    assert.equal(await verifyPassword('台风-2024-Yagi', h), true);
    assert.equal(await verifyPassword('台风-2024-yagi', h), false);
    assert.equal(await verifyPassword('', h), false);
  });

  it('salts every hash: the same password never gives the same string', async () => {
    const [a, b] = await Promise.all([hashPassword('hotline', FAST), hashPassword('hotline', FAST)]);
    assert.notEqual(a, b);
    assert.ok(isPasswordHash(a) && isPasswordHash(b));
  });

  it('carries its parameters, and the default is the strong one', async () => {
    const h = await hashPassword('x');
    assert.deepEqual({ ...parsePasswordHash(h), salt: undefined, key: undefined }, { N: 32768, r: 8, p: 1, salt: undefined, key: undefined });
  });

  it('never matches a malformed or hostile stored hash', async () => {
    for (const stored of ['', 'plain-text-password', 'scrypt$3$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5', 'scrypt$2147483648$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5']) {
      assert.equal(await verifyPassword('plain-text-password', stored), false, stored);
    }
  });
});
