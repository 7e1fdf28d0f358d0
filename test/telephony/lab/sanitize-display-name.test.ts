import assert from 'node:assert/strict';
import { sanitizeDisplayName } from '../../../telephony/lab/sanitize-display-name.js';

describe('caller display name sanitizing', () => {
  const cases: [string | undefined, string][] = [
    [undefined, ''],
    ['王芳', '王芳'],
    ['  Айгүл   Серік ', 'Айгүл Серік'],
    ['<img src=x onerror=alert(1)>Li', 'Li'],
    ['Bob <b>bold', 'Bob bold'],
    ['a\u0000b\u001bc\u202ed', 'a b c d'],
    ['"quoted" & \'single\'', 'quoted & single'],
    ['evil<script', 'evil'],
  ];
  for (const [raw, want] of cases) it(`${JSON.stringify(raw)} → ${JSON.stringify(want)}`, () => assert.equal(sanitizeDisplayName(raw), want));

  it('caps at 64 code points without splitting a character', () => {
    const out = sanitizeDisplayName('😀'.repeat(100));
    assert.equal(Array.from(out).length, 64);
    assert.ok(out.endsWith('😀'));
  });
});
