import assert from 'node:assert/strict';
import { sipHintClues } from '../../../bridge/routing/sip-hints.js';
import { seedConfig } from './routing-fixture.js';

describe('SIP hints', () => {
  it('ignores everything, silently, when the call did not come from a trusted trunk', () => {
    const c = sipHintClues(seedConfig, { trunk: null, hints: { language: 'kk', desk: 'legal', emergency: true, acceptLanguage: 'ru' } });
    assert.deepEqual(c, { emergency: false, ignored: [] });
  });

  it('X-Language wins over Accept-Language', () => {
    const c = sipHintClues(seedConfig, { trunk: 'provincial-sbc', hints: { language: 'kk', acceptLanguage: 'ru' } });
    assert.equal(c.language?.language, 'kk');
    assert.match(c.language!.reason.text, /中继 provincial-sbc 提示 X-Language: kk/);
  });

  it('an unusable X-Language falls through to Accept-Language and is reported', () => {
    const c = sipHintClues(seedConfig, { trunk: 'provincial-sbc', hints: { language: 'tlh', acceptLanguage: 'ru-RU' } });
    assert.equal(c.language?.language, 'ru');
    assert.deepEqual(c.ignored, ['X-Language "tlh" is not a language of this centre']);
  });

  it('a language the schema knows but this centre does not staff is refused', () => {
    const zhOnly = { ...seedConfig, languages: seedConfig.languages.filter((l) => l.code === 'zh') };
    const c = sipHintClues(zhOnly, { trunk: 't', hints: { language: 'kk' } });
    assert.equal(c.language, undefined);
    assert.equal(c.ignored.length, 1);
  });

  it('strips markup from hint values it reports or shows', () => {
    const c = sipHintClues(seedConfig, { trunk: 't', hints: { acceptLanguage: 'ru"><img src=x>' } });
    assert.equal(c.language, undefined); // not a valid tag: nothing chosen
    assert.doesNotMatch(c.ignored.join(' '), /[<>"]{2}/);
  });
});
