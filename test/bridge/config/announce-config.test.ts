/** `announce:` in the config: centre defaults, a desk's own rhythm, and mistakes refused with their path. */
import assert from 'node:assert/strict';
import { configSchema } from '../../../bridge/config/schema.js';
import { MINIMAL_CENTRE as base, problems } from './config-problems.js';
import { loadConfig } from '../../../bridge/config/load-config.js';

describe('config: announce', () => {
  it('is on by default, every 45 s, from the shipped prompt sets', () => {
    const cfg = configSchema.parse(base);
    assert.deepEqual(cfg.announce, { enabled: true, everySeconds: 45, rateWindowSeconds: 900, minAnswers: 3 });
    assert.equal(cfg.desks[0]!.announce, undefined, 'a desk follows the centre unless it says otherwise');
  });

  it('takes a desk’s own everySeconds, and 0 for no place announcements', () => {
    const cfg = configSchema.parse({ ...base, announce: { everySeconds: 0 }, desks: [{ id: 'general', name: '综合', announce: { everySeconds: 20 } }] });
    assert.equal(cfg.announce.everySeconds, 0);
    assert.equal(cfg.desks[0]!.announce?.everySeconds, 20);
  });

  it('refuses a rhythm too quick to listen to, a misspelt key and a prompts path FreeSWITCH cannot take', () => {
    assert.deepEqual(problems({ ...base, announce: { everySeconds: 5 } }), ['announce.everySeconds: announce.everySeconds is 0 (no place announcements) or at least 10']);
    assert.deepEqual(problems({ ...base, desks: [{ id: 'general', name: '综合', announce: { everySeconds: 900 } }] }), [
      'desks.0.announce.everySeconds: Number must be less than or equal to 600',
    ]);
    assert.deepEqual(problems({ ...base, announce: { everySecond: 30 } }), ["announce: Unrecognized key(s) in object: 'everySecond'"]);
    assert.deepEqual(problems({ ...base, announce: { promptsDir: '/srv/my prompts' } }), ['announce.promptsDir: promptsDir must not contain whitespace or "!"']);
  });

  it('config/default.yaml: announcements on, the emergency desk more often than the rest', () => {
    const cfg = loadConfig(undefined, {});
    assert.equal(cfg.announce.enabled, true);
    assert.equal(cfg.announce.everySeconds, 45);
    assert.equal(cfg.desks.find((d) => d.id === 'emergency')?.announce?.everySeconds, 20);
  });
});
