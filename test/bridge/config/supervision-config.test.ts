/** `supervision:` and the leads' contacts in the config: defaults, the shipped centre, mistakes refused with their path. */
import assert from 'node:assert/strict';
import { configSchema } from '../../../bridge/config/schema.js';
import { MINIMAL_CENTRE as base, problems } from './config-problems.js';
import { loadConfig } from '../../../bridge/config/load-config.js';

describe('config: supervision', () => {
  it('by default the agent is shown a lead who whispers or barges, not one who only listens', () => {
    const cfg = configSchema.parse(base);
    assert.deepEqual(cfg.supervision, { agentSees: { listen: false, whisper: true, barge: true }, ringSeconds: 30 });
  });

  it('takes a centre that tells agents about every listen, and leads with their contacts and own seat', () => {
    const cfg = configSchema.parse({
      ...base,
      supervision: { agentSees: { listen: true } },
      users: [{ id: 'lead9', name: '值班长', role: 'lead', seat: 'S09', officeContact: 'sip:8009@10.0.0.9', homeContact: '13800000009' }],
    });
    assert.deepEqual(cfg.supervision.agentSees, { listen: true, whisper: true, barge: true });
    assert.equal(cfg.users[0]?.seat, 'S09');
  });

  it('refuses a misspelt setting and a contact that is not a number or SIP URI', () => {
    assert.deepEqual(problems({ ...base, supervision: { agentSee: { listen: true } } }).map((p) => p.split(':')[0]), ['supervision']);
    assert.deepEqual(problems({ ...base, users: [{ id: 'l', name: 'l', role: 'lead', officeContact: 'call me' }] }).map((p) => p.split(':')[0]), ['users.0.officeContact']);
  });

  it('the shipped centre gives its leads office phones and keeps listens silent', () => {
    const cfg = loadConfig(undefined, {});
    assert.equal(cfg.supervision.agentSees.listen, false);
    assert.ok(cfg.users.filter((u) => u.role === 'lead').every((u) => u.officeContact));
  });
});
