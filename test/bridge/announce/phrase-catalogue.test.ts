/** The shipped phrase catalogue and lab prompt sets: valid, complete, and in the format FreeSWITCH plays as is. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  PhraseCatalogueError,
  SHIPPED_PHRASES_FILE,
  SHIPPED_PROMPTS_DIR,
  loadPhraseCatalogue,
  parsePhraseCatalogue,
  promptEntries,
} from '../../../bridge/announce/phrase-catalogue.js';
import { LANGUAGES } from '../../../bridge/domain/types.js';
import { promptFileName } from '../../../telephony/announcement.js';

/** The fmt chunk of a RIFF/WAVE file. */
function wavFormat(file: string): { format: number; channels: number; rate: number; bits: number; dataBytes: number } {
  const b = readFileSync(file);
  assert.equal(b.toString('ascii', 0, 4), 'RIFF', file);
  assert.equal(b.toString('ascii', 8, 12), 'WAVE', file);
  let at = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  let dataBytes = 0;
  while (at + 8 <= b.length) {
    const id = b.toString('ascii', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    if (id === 'fmt ') fmt = { format: b.readUInt16LE(at + 8), channels: b.readUInt16LE(at + 10), rate: b.readUInt32LE(at + 12), bits: b.readUInt16LE(at + 22) };
    if (id === 'data') dataBytes = size;
    at += 8 + size + (size % 2);
  }
  assert.ok(fmt, `${file} has no fmt chunk`);
  return { ...fmt, dataBytes };
}

describe('prompt sets (freeswitch.conf.d/prompts)', () => {
  const cat = loadPhraseCatalogue();

  it('the catalogue covers all seven product languages, each with an espeak-ng voice', () => {
    assert.deepEqual(Object.keys(cat.languages).sort(), [...LANGUAGES].sort());
    for (const [lang, set] of Object.entries(cat.languages)) assert.ok(set?.voice, `${lang} has a lab voice`);
  });

  it('every prompt of every language is shipped as an 8 kHz 16-bit mono PCM WAV with sound in it, and nothing else is', () => {
    let total = 0;
    for (const [lang, set] of Object.entries(cat.languages)) {
      const dir = join(SHIPPED_PROMPTS_DIR, lang);
      const wanted = promptEntries(set!).map(([id]) => promptFileName(id));
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.wav')).sort(), [...wanted].sort(), `${lang}: files match the catalogue`);
      for (const f of wanted) {
        const w = wavFormat(join(dir, f));
        assert.deepEqual({ format: w.format, channels: w.channels, rate: w.rate, bits: w.bits }, { format: 1, channels: 1, rate: 8000, bits: 16 }, `${lang}/${f}`);
        assert.ok(w.dataBytes > 0.1 * 16000, `${lang}/${f} lasts at least 0.1 s`);
        total += statSync(join(dir, f)).size;
      }
    }
    assert.ok(total < 4_000_000, `the sets are small (${total} bytes)`);
  });

  it('a catalogue with a number missing or an unknown key is refused, naming the file and the path', () => {
    const raw = parse(readFileSync(SHIPPED_PHRASES_FILE, 'utf8')) as { languages: Record<string, { numbers: Record<string, unknown>; prompts: Record<string, unknown> }> };
    delete raw.languages.kk!.numbers['13'];
    raw.languages.ru!.prompts['press-one'] = { text: 'нажмите 1' };
    assert.throws(
      () => parsePhraseCatalogue(raw, 'centre-phrases.yaml'),
      (err: unknown) => {
        assert.ok(err instanceof PhraseCatalogueError);
        assert.match(err.message, /^centre-phrases\.yaml: /);
        assert.match(err.message, /languages\.kk\.numbers\.13: number 13 is missing/);
        assert.match(err.message, /languages\.ru\.prompts: Unrecognized key\(s\) in object: 'press-one'/);
        return true;
      },
    );
    assert.throws(() => loadPhraseCatalogue('/nonexistent/phrases.yaml'), /cannot read the phrase catalogue/);
  });
});
