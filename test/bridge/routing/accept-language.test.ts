import assert from 'node:assert/strict';
import { parseAcceptLanguage, pickAcceptedLanguage } from '../../../bridge/routing/accept-language.js';

describe('Accept-Language parsing', () => {
  const table: [string, string[]][] = [
    ['ru-RU,ru;q=0.9', ['ru', 'ru']],
    ['en;q=0.3, ja;q=0.8, ko', ['ko', 'ja', 'en']],
    ['kk-Cyrl-KZ', ['kk']],
    ['zh-CN,zh;q=0.9,en;q=0', ['zh', 'zh']], // q=0 means "not English"
    ['*, de;q=0.5', ['de']], // the wildcard names no language
    ['en;q=abc, fr', ['fr']], // malformed weight: entry dropped
    ['en;q=1.5, ja', ['ja']], // out-of-range weight: entry dropped
    ['<script>,ja', ['ja']],
    ['', []],
  ];
  for (const [header, primaries] of table)
    it(`"${header}" → ${primaries.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(parseAcceptLanguage(header).map((r) => r.primary), primaries);
    });

  it('keeps header order between equal weights', () => {
    assert.deepEqual(parseAcceptLanguage('ja;q=0.5, ko;q=0.5, en;q=0.5').map((r) => r.primary), ['ja', 'ko', 'en']);
  });

  it('picks the best language the centre staffs', () => {
    const staffed = ['zh', 'kk', 'ug', 'en', 'ja', 'ko', 'ru'] as const;
    assert.equal(pickAcceptedLanguage('fr-FR,de;q=0.9,ru;q=0.4,en;q=0.2', staffed)?.code, 'ru');
    assert.equal(pickAcceptedLanguage('fr-FR,de;q=0.9', staffed), undefined);
  });

  it('reads only the start of an absurdly long header', () => {
    const long = 'xx;q=0.1,'.repeat(10_000) + 'ru';
    assert.ok(parseAcceptLanguage(long).length <= 60);
    assert.equal(pickAcceptedLanguage(long, ['ru']), undefined);
  });
});
