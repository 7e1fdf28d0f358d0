/**
 * Per-language names in the config: a desk, a dialled number, a region or a preset is named either by
 * one string (Chinese) or by `{zh, en, ug, kk}`; the Chinese name is what the bridge keeps and the
 * fallback for any language left out; the hub hands the names to the desktops.
 */
import assert from 'node:assert/strict';
import { configSchema } from '../../../bridge/config/schema.js';
import { problems } from './config-problems.js';
import { loadConfig } from '../../../bridge/config/load-config.js';
import { localName } from '../../../bridge/config/local-name.js';
import { buildSnapshot, type SnapshotDeps } from '../../../bridge/hub/snapshot.js';

const base = {
  languages: [{ code: 'zh', name: '普通话', nativeName: '普通话' }],
  desks: [
    { id: 'general', name: '综合坐席' },
    { id: 'social-security', name: { zh: '社保专席', en: 'Social security', ug: 'ئىجتىمائىي سۇغۇرتا مەخسۇس ئورنى' } },
  ],
  numberPlan: [{ did: '12333', label: { zh: '12333 人社服务热线', kk: '12333 الەۋمەتتىك قامسىزداندىرۋ جەلىسى' }, desk: 'social-security' }],
  regions: [{ areaCode: '0906', name: { zh: '阿勒泰', kk: 'التاي' }, preferLanguage: 'zh' }],
};

describe('config: per-language names', () => {
  const cfg = configSchema.parse(base);

  it('keeps the Chinese name as `name` (logs, routing reasons, the store) and the record as `names`', () => {
    const desk = cfg.desks.find((d) => d.id === 'social-security')!;
    assert.equal(desk.name, '社保专席');
    assert.equal(desk.names?.en, 'Social security');
    assert.equal(cfg.numberPlan[0]!.label, '12333 人社服务热线');
    assert.equal(cfg.regions[0]!.name, '阿勒泰');
  });

  it('a plain string stays a plain name, with no record', () => {
    const general = cfg.desks.find((d) => d.id === 'general')!;
    assert.equal(general.name, '综合坐席');
    assert.equal(general.names, undefined);
  });

  it('falls back to the Chinese name for a language the record leaves out', () => {
    const desk = cfg.desks.find((d) => d.id === 'social-security')!;
    assert.equal(localName(desk.names, 'ug', desk.name), 'ئىجتىمائىي سۇغۇرتا مەخسۇس ئورنى');
    assert.equal(localName(desk.names, 'kk', desk.name), '社保专席');
    assert.equal(localName(cfg.numberPlan[0]!.names, 'en', cfg.numberPlan[0]!.label), '12333 人社服务热线');
    assert.equal(localName(undefined, 'en', '综合坐席'), '综合坐席');
  });

  it('refuses a record without its Chinese name, or with a language the desktop does not have', () => {
    assert.match(problems({ ...base, desks: [{ id: 'general', name: { en: 'General' } }] }).join('\n'), /desks\.0\.name/);
    assert.match(problems({ ...base, desks: [{ id: 'general', name: { zh: '综合', fr: 'Général' } }] }).join('\n'), /desks\.0\.name/);
  });

  it('validates its own output again (a validated config is a valid config)', () => {
    assert.deepEqual(configSchema.parse(cfg), cfg);
  });

  it('config/default.yaml names every desk, dialled number, region and preset in all four UI languages', () => {
    const seed = loadConfig(undefined, {});
    const named = [...seed.desks, ...seed.numberPlan, ...seed.regions, ...seed.homeSeat.presets];
    for (const x of named) {
      const id = 'id' in x ? x.id : 'did' in x ? x.did : x.areaCode;
      assert.ok(x.names, `${id} has per-language names`);
      for (const lang of ['zh', 'en', 'ug', 'kk'] as const) assert.ok(x.names[lang], `${id}: ${lang}`);
    }
    assert.equal(seed.desks.find((d) => d.id === 'social-security')?.name, '社保专席');
  });

  it('the hub hands desks, lines, regions and presets to the desktop with their names', async () => {
    const seed = loadConfig(undefined, {});
    // A lead's snapshot reads the config, and a call centre that has no calls yet.
    const callCenter = {
      centreMode: () => ({ mode: 'office', preset: null, reason: '', since: 0 }),
      drainState: () => null,
      wallboard: () => null,
      seats: () => [],
      liveCalls: () => [],
      supervisions: () => [],
    } as unknown as SnapshotDeps['callCenter'];
    const snap = await buildSnapshot({ callCenter, offers: {} as SnapshotDeps['offers'], config: seed, now: () => 0 }, { id: 'lead1', name: '王丽', role: 'lead' });
    assert.equal(snap.desks.find((d) => d.id === 'social-security')?.names?.kk, 'الەۋمەتتىك ساقتاندىرۋ ارنايى ورنى');
    assert.equal(snap.lines?.find((l) => l.did === '12333')?.names?.en, '12333 Human resources and social security line (merged)');
    assert.equal(snap.regions?.find((r) => r.areaCode === '0991')?.names?.ug, 'ئۈرۈمچى');
    assert.ok(snap.presets.every((p) => p.names?.zh === p.name));
  });
});
