import assert from 'node:assert/strict';
import { announcementLanguage, greeting, numberPrompts, queueUpdate, spokenWait } from '../../../bridge/announce/announcement-builder.js';
import { loadPhraseCatalogue, type PhraseCatalogue } from '../../../bridge/announce/phrase-catalogue.js';
import { queuePosition } from '../../../bridge/announce/queue-position.js';
import type { AcdCall } from '../../../bridge/acd/acd-types.js';
import { CallState } from '../../../bridge/acd/call-state.js';
import type { RoutingTarget } from '../../../bridge/domain/types.js';

const cat = loadPhraseCatalogue();

describe('what a waiting caller is told', () => {
  it('rounds the wait the way people say it', () => {
    assert.equal(spokenWait(10), 'under');
    assert.equal(spokenWait(59), 'under');
    assert.equal(spokenWait(60), 1);
    assert.equal(spokenWait(170), 3);
    assert.equal(spokenWait(5 * 60 + 29), 5);
    assert.equal(spokenWait(7 * 60), 5);
    assert.equal(spokenWait(8 * 60), 10);
    assert.equal(spokenWait(23 * 60), 25);
    assert.equal(spokenWait(34 * 60), 30);
    assert.equal(spokenWait(46 * 60), 50);
    assert.equal(spokenWait(60 * 60), 60);
    assert.equal(spokenWait(75 * 60), 'over');
  });

  it('says numbers above twenty as tens and units', () => {
    assert.deepEqual(numberPrompts(3), ['n:3']);
    assert.deepEqual(numberPrompts(20), ['n:20']);
    assert.deepEqual(numberPrompts(23), ['n:20', 'n:3']);
    assert.deepEqual(numberPrompts(40), ['n:40']);
    assert.deepEqual(numberPrompts(99), ['n:90', 'n:9']);
    assert.throws(() => numberPrompts(100));
  });

  it('builds place and wait from the language’s own parts (Mandarin: 您当前排在第 三 位。预计等待约 三分钟)', () => {
    assert.deepEqual(queueUpdate(cat.languages.zh!, 'zh', 3, 170), { language: 'zh', prompts: ['position-before', 'n:3', 'position-after', 'wait-before', 'min:3'] });
    // Russian has no word after the number: "Ваш номер в очереди: двадцать три. Время ожидания — примерно десять минут."
    assert.deepEqual(queueUpdate(cat.languages.ru!, 'ru', 23, 600), { language: 'ru', prompts: ['position-before', 'n:20', 'n:3', 'wait-before', 'min:10'] });
    // Japanese closes the wait with です.
    assert.deepEqual(queueUpdate(cat.languages.ja!, 'ja', 1, 3600), { language: 'ja', prompts: ['position-before', 'n:1', 'position-after', 'wait-before', 'min:60', 'wait-after'] });
  });

  it('says "under a minute" / "over an hour" whole, and leaves out what it cannot honestly say', () => {
    assert.deepEqual(queueUpdate(cat.languages.en!, 'en', 1, 20)?.prompts, ['position-before', 'n:1', 'position-after', 'wait-under-minute']);
    assert.deepEqual(queueUpdate(cat.languages.kk!, 'kk', 2, 4 * 3600)?.prompts, ['position-before', 'n:2', 'wait-over-hour']);
    assert.deepEqual(queueUpdate(cat.languages.kk!, 'kk', 2, null)?.prompts, ['position-before', 'n:2'], 'no estimate: the place only');
    assert.deepEqual(queueUpdate(cat.languages.kk!, 'kk', 150, 600)?.prompts, ['wait-before', 'min:10'], 'a place past 99 is not counted aloud');
    assert.equal(queueUpdate(cat.languages.kk!, 'kk', 150, null), null);
    assert.deepEqual(greeting('ug'), { language: 'ug', prompts: ['greeting'] });
  });

  it('every prompt it can ever say exists in every shipped language', () => {
    for (const [lang, set] of Object.entries(cat.languages)) {
      const ids = new Set([...Object.keys(set!.prompts), ...Object.keys(set!.numbers).map((k) => `n:${k}`), ...Object.keys(set!.minutes).map((k) => `min:${k}`)]);
      for (let p = 1; p <= 99; p++)
        for (const s of [0, 30, 61, 150, 290, 400, 1000, 1500, 2000, 2700, 3300, 3600, 9000]) for (const id of queueUpdate(set!, lang as never, p, s)!.prompts) assert.ok(ids.has(id), `${lang}: ${id}`);
    }
  });

  it('falls back to the centre language when the caller’s has no prompt set', () => {
    const noKazakh: PhraseCatalogue = { languages: { ...cat.languages, kk: { ...cat.languages.kk!, voice: null } } };
    assert.equal(announcementLanguage(noKazakh, 'kk', 'zh'), 'zh');
    assert.equal(announcementLanguage(noKazakh, 'ru', 'zh'), 'ru');
    const recorded: PhraseCatalogue = { languages: { ...cat.languages, kk: { ...cat.languages.kk!, voice: null, recorded: true } } };
    assert.equal(announcementLanguage(recorded, 'kk', 'zh'), 'kk', 'a set the centre recorded plays without a voice');
    assert.equal(announcementLanguage({ languages: {} }, 'kk', 'zh'), null);
  });
});

describe('place in the queue', () => {
  let seq = 0;
  const call = (id: string, t: Partial<RoutingTarget>, arrivedAt: number): AcdCall => ({
    id,
    target: { language: 'zh', languageStrength: 'required', desk: 'general', priority: 0, reasons: [], ...t },
    state: CallState.Queued,
    arrivedAt,
    seq: seq++,
    queuedSince: arrivedAt,
    expansionLevel: 0,
    version: 0,
    offerToken: 0,
  });

  it('counts only the calls of the same language and desk served before it (priority, then arrival)', () => {
    const me = call('me', {}, 100);
    const waiting = [
      call('a', {}, 50),
      call('b', {}, 150),
      call('c', { language: 'kk' }, 10),
      call('d', { desk: 'legal' }, 10),
      call('e', { priority: 5 }, 900),
      me,
    ];
    assert.equal(queuePosition(waiting, me), 3, 'a and the higher-priority e are ahead');
    assert.equal(queuePosition(waiting, waiting[0]!), 2);
    assert.equal(queuePosition([me], me), 1);
  });
});
