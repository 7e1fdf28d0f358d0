/** The seed centre `npm start` runs: it loads, and it is big and varied enough to train on. */
import assert from 'node:assert/strict';
import { loadConfig, DEFAULT_CONFIG_PATH } from '../../../bridge/config/load-config.js';
import { LANGUAGES } from '../../../bridge/domain/types.js';

describe('config/default.yaml', () => {
  const cfg = loadConfig(undefined, {});

  it('is the file loaded when nothing else is named', () => {
    assert.match(DEFAULT_CONFIG_PATH, /config\/default\.yaml$/);
  });

  it('has at least 60 seats over all seven languages and at least 8 desks', () => {
    assert.ok(cfg.seats.length >= 60, `${cfg.seats.length} seats`);
    assert.deepEqual(new Set(cfg.seats.flatMap((s) => s.languages)), new Set(LANGUAGES));
    assert.ok(cfg.desks.length >= 8);
  });

  it('staffs every desk, and every language with at least two seats', () => {
    for (const d of cfg.desks) assert.ok(cfg.seats.some((s) => s.desks.includes(d.id)), `desk ${d.id} has no seat`);
    for (const l of LANGUAGES) assert.ok(cfg.seats.filter((s) => s.languages.includes(l)).length >= 2, `language ${l}`);
  });

  it('is mostly Mandarin, with several Kazakh and Uyghur seats and a few interpreters', () => {
    const speaking = (l: string) => cfg.seats.filter((s) => s.languages.includes(l as never)).length;
    assert.ok(speaking('zh') > cfg.seats.length * 0.8);
    assert.ok(speaking('kk') >= 5 && speaking('ug') >= 5);
    for (const l of ['en', 'ja', 'ko', 'ru']) assert.ok(speaking(l) >= 2 && speaking(l) <= 4, l);
    assert.ok(cfg.seats.filter((s) => s.interpreter).length >= 2);
  });

  it('gives most seats a home contact and leaves a few without, for the pre-flight', () => {
    const without = cfg.seats.filter((s) => !s.homeContact).length;
    assert.ok(without >= 3 && without <= cfg.seats.length / 5, `${without} without a home contact`);
  });

  it('has the desks, lines and regions the seed hotlines use', () => {
    const desks = new Set(cfg.desks.map((d) => d.id));
    for (const id of ['general', 'enterprise', 'medical-insurance', 'social-security', 'legal', 'emergency', 'repeat-complaint', 'tourism', 'counselling', 'deputies'])
      assert.ok(desks.has(id), id);
    assert.equal(cfg.desks.find((d) => d.id === 'emergency')?.emergency, true);
    assert.equal(cfg.desks.find((d) => d.id === 'tourism')?.fallbackDesk, 'general');
    assert.deepEqual(cfg.desks.find((d) => d.id === 'general')?.expansion, [
      { afterSeconds: 30, widen: 'any-desk' },
      { afterSeconds: 60, widen: 'interpreter' },
    ]);
    const plan = new Map(cfg.numberPlan.map((e) => [e.did, e]));
    assert.equal(plan.get('12333')?.desk, 'social-security');
    assert.equal(plan.get('12393')?.desk, 'medical-insurance');
    assert.equal(plan.get('12328')?.desk, 'general');
    assert.equal(plan.get('123451')?.language, 'kk');
    assert.equal(plan.get('12345110')?.emergency, true);
    const regions = new Map(cfg.regions.map((r) => [r.areaCode, r.preferLanguage]));
    for (const [code, lang] of [['0906', 'kk'], ['0994', 'kk'], ['0998', 'ug'], ['0991', 'ug'], ['0898', 'zh'], ['0818', 'zh'], ['0561', 'zh']] as const)
      assert.equal(regions.get(code), lang, code);
  });

  it('trusts loopback and a private SBC only', () => {
    const addrs = cfg.trustedTrunks.flatMap((t) => t.addresses);
    assert.ok(addrs.includes('127.0.0.1/32') && addrs.includes('::1/128'));
    assert.ok(addrs.every((a) => /^(127\.|10\.|::1)/.test(a)), addrs.join(' '));
  });

  it('has the typhoon preset, the leads and the admin, and a lab mix over the number plan', () => {
    const typhoon = cfg.homeSeat.presets.find((p) => p.id === 'typhoon');
    assert.deepEqual(new Set(typhoon?.foldDesks), new Set(['enterprise', 'tourism', 'counselling', 'deputies', 'legal']));
    assert.deepEqual(typhoon?.reserveDesks, ['emergency']);
    assert.equal(typhoon?.wrapUpSeconds, 10);
    assert.deepEqual(cfg.users.map((u) => `${u.id}:${u.role}`), ['lead1:lead', 'lead2:lead', 'admin:admin']);
    assert.ok(cfg.users.every((u) => u.passwordHash === undefined));
    const dids = new Set(cfg.numberPlan.map((e) => e.did));
    assert.ok(Object.keys(cfg.telephony.lab.didMix).every((d) => dids.has(d)));
    assert.ok(cfg.telephony.lab.arrivalsPerMinute >= 20 && cfg.telephony.lab.arrivalsPerMinute <= 40);
  });

  it('every seat has an office contact on loopback', () => {
    assert.ok(cfg.seats.every((s) => /^sip:\d+@127\.0\.0\.1:\d+$/.test(s.officeContact)));
  });
});
