import assert from 'node:assert/strict';
import { contactProblem, effectiveMode, ringTimeoutMs, selectContact } from '../../../bridge/home-seat/contact-selection.js';
import type { DeskSpec, SeatSpec } from '../../../bridge/domain/types.js';

const seat: SeatSpec = { id: 's', name: 's', languages: ['zh'], desks: ['general'], officeContact: 'sip:1001@10.0.0.5', homeContact: '+8613900001111' };
const desk: DeskSpec = { id: 'general', name: 'g', strategy: 'longest-idle', ringTimeoutSeconds: 15, homeRingTimeoutSeconds: 30, wrapUpSeconds: 30, expansion: [] };

describe('contact selection', () => {
  it('office mode rings the desk phone, home mode the home contact, with the longer home ring time', () => {
    assert.deepEqual(selectContact(seat, 'office'), { contactMode: 'office', contact: 'sip:1001@10.0.0.5' });
    assert.deepEqual(selectContact(seat, 'home'), { contactMode: 'home', contact: '+8613900001111' });
    assert.equal(ringTimeoutMs(desk, 'office'), 15_000);
    assert.equal(ringTimeoutMs(desk, 'home'), 30_000);
  });

  it('a seat without a home contact has nothing to ring in home mode', () => {
    assert.equal(selectContact({ ...seat, homeContact: undefined }, 'home'), null);
  });

  it('a per-seat override beats the centre mode', () => {
    assert.equal(effectiveMode('home', 'office'), 'office');
    assert.equal(effectiveMode('office', null), 'office');
    assert.equal(effectiveMode('home', undefined), 'home');
  });

  it('flags contacts that look unusable', () => {
    assert.equal(contactProblem('sip:agent7@soft.example.cn:5061;transport=tls'), null);
    assert.equal(contactProblem('13900001111'), null);
    assert.match(contactProblem('sip:agent@') ?? '', /malformed/);
    assert.match(contactProblem('sip:a@host:99999') ?? '', /port/);
    assert.match(contactProblem('mailto:x@y') ?? '', /not a SIP URI/);
  });
});
