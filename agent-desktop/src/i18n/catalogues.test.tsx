/**
 * The catalogue check (CI): every key in every UI language, no key nobody uses, the same {{placeholders}}
 * everywhere, no English left in the Uyghur and Kazakh catalogues, and every routing reason / error code
 * the bridge can send has a sentence. On failure it prints the keys, one per line, so whoever adds a
 * block to zh-cn.ts sees exactly what ug.ts, kk.ts and en.ts still need.
 *
 * "Used" means: a string literal in agent-desktop/src (outside the catalogues and tests) equal to the
 * full key ('pop.title', i18nKey="pop.title", a key in a ternary), or a key under a dynamic prefix
 * listed in DYNAMIC_KEYS below. A dynamic key in the source (t(`x.${v}`), label('x', v)) whose prefix is
 * not listed fails the check: list it there, with what produces it.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUES, UI_LANGUAGES } from './i18n.js';

/**
 * Dynamic key families: prefix → the keys it may produce ('*' = the whole block holds data-value names
 * looked up by id, every key counts as used).
 */
const DYNAMIC_KEYS: Readonly<Record<string, readonly string[] | '*'>> = {
  'state.': '*', // SeatState values (status tags, wallboard)
  'reason.': '*', // Not Ready reasons by id (label('reason', …))
  'category.': '*', // wrap-up categories (CATEGORY_IDS = the block's keys)
  'outcome.': '*', // contact outcomes in the pop's history
  'ticketStatus.': '*', // work-order states in the pop
  'auditAction.': '*', // audit actions by id
  'lang.': '*', // seat language codes
  'callerTag.': '*', // caller history tags in the pop and routing reasons
  'error.': '*', // hub error codes + timeout/disconnected/unknown (i18n/error-text.ts)
  'routing.': '*', // routing reason keys from the bridge (checked against RoutingReasonKey below)
  'login.ended.': '*', // why a session ended (SessionEndedReason)
  'pop.missingPart.': '*', // screen-pop parts that did not arrive in time
  'desk.demo.': '*', // the lab's demo callers by id (stage-call form)
  'auditSentences.': '*', // one sentence template per audit action kind, fields and roles (i18n/audit-sentence.ts)
  'reports.columns.': '*', // report figures by column id (report page, CSV headers)
  'reports.group.': '*', // report groupings (ReportGroupBy)
  'supervision.banner.': ['listen', 'whisper', 'barge'], // SupervisionMode, the agent's banner
  'supervision.': ['listen', 'whisper', 'barge'], // SupervisionMode, the lead's buttons
  'pop.': ['required', 'preferred'], // LanguageStrength
  'mode.': ['office', 'home'], // CentreMode
  'wrap.': ['resolved', 'ticket-created', 'transferred', 'callback', 'no-action', 'linked', 'auto-closed'], // dispositions
  'shortcuts.': ['accept', 'reject', 'hold', 'hangup', 'transfer', 'conference', 'available', 'notReady', 'wrapUp', 'help'], // SHORTCUTS actions
};

const SRC = fileURLToPath(new URL('..', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CATALOGUE_FILES = new Set(['zh-cn.ts', 'en.ts', 'ug.ts', 'kk.ts', 'antd-locales.ts']);

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !(dir.endsWith('i18n') && CATALOGUE_FILES.has(e.name))) out.push(p);
  }
  return out;
}

const flat = Object.fromEntries(UI_LANGUAGES.map((l) => [l, flatten(CATALOGUES[l] as unknown as Tree)])) as Record<string, Map<string, string>>;
const reference = flat['zh-CN']!;
const lines = (title: string, items: string[]) => (items.length ? `${title} (${items.length}):\n  ${items.join('\n  ')}` : '');

describe('agent-desktop: the UI catalogues', () => {
  it('have every key in every language (zh-cn.ts is the reference), and no extra ones', () => {
    const problems: string[] = [];
    for (const lng of UI_LANGUAGES) {
      if (lng === 'zh-CN') continue;
      const keys = flat[lng]!;
      const missing = [...reference.keys()].filter((k) => !keys.has(k));
      const extra = [...keys.keys()].filter((k) => !reference.has(k));
      problems.push(lines(`${lng}: missing`, missing), lines(`${lng}: not in zh-cn.ts`, extra));
    }
    const text = problems.filter(Boolean).join('\n');
    assert.equal(text, '', `\n${text}\n`);
  });

  it('use the same {{placeholders}} in every language', () => {
    const names = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort().join(',');
    const problems: string[] = [];
    for (const lng of UI_LANGUAGES)
      for (const [k, v] of flat[lng]!) {
        const ref = reference.get(k);
        if (ref !== undefined && names(ref) !== names(v)) problems.push(`${lng} ${k}: {{${names(v)}}} — zh-CN has {{${names(ref)}}}`);
      }
    assert.deepEqual(problems, [], `\n${problems.join('\n')}\n`);
  });

  it('leave no English in Uyghur and Kazakh (only SIP header names and a standard\'s number may stay Latin)', () => {
    const allowed = /\{\{[^}]*\}\}|X-Language|Accept-Language|X-Desk|X-Emergency|GB\/T \d+/g;
    const problems: string[] = [];
    for (const lng of ['ug', 'kk'])
      for (const [k, v] of flat[lng]!) if (/[A-Za-z]/.test(v.replace(allowed, ''))) problems.push(`${lng} ${k}: ${v}`);
    assert.deepEqual(problems, [], `\n${problems.join('\n')}\n`);
  });

  it('have no unused key, and every dynamic key prefix in the source is documented', () => {
    const files = sourceFiles(SRC);
    const literals = new Set<string>();
    const undocumented: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/['"`]([A-Za-z][\w-]*(?:\.[\w-]+)+)['"`]/g)) literals.add(m[1]!);
      // t(`prefix.${…}`), exists(`prefix.${…}`) and label('prefix', …) / labelOf(t, i18n, 'prefix', …)
      const dynamic = [
        ...[...text.matchAll(/`([A-Za-z][\w.-]*\.)\$\{/g)].map((m) => m[1]!),
        ...[...text.matchAll(/\blabel\(\s*'([A-Za-z]+)'/g)].map((m) => `${m[1]}.`),
        ...[...text.matchAll(/\blabelOf\([^,]+,[^,]+,\s*'([A-Za-z]+)'/g)].map((m) => `${m[1]}.`),
      ];
      for (const prefix of dynamic)
        if (!(prefix in DYNAMIC_KEYS) && [...reference.keys()].some((k) => k.startsWith(prefix)))
          undocumented.push(`${relative(ROOT, file)}: \`${prefix}\${…}\` — add '${prefix}' to DYNAMIC_KEYS in catalogues.test.tsx`);
    }
    const covered = (key: string) =>
      Object.entries(DYNAMIC_KEYS).some(([prefix, keys]) => key.startsWith(prefix) && (keys === '*' || keys.includes(key.slice(prefix.length))));
    const unused = [...reference.keys()].filter((k) => !literals.has(k) && !covered(k));
    const text = [lines('dynamic keys not listed', [...new Set(undocumented)]), lines('keys no source file uses (remove them from every catalogue, or use them)', unused)]
      .filter(Boolean)
      .join('\n');
    assert.equal(text, '', `\n${text}\n`);
  });

  it('word every routing reason and every hub error the bridge can send', () => {
    const types = readFileSync(join(ROOT, 'bridge/domain/types.ts'), 'utf8');
    const reasonKeys = [...(types.match(/export type RoutingReasonKey =([^;]+);/)?.[1] ?? '').matchAll(/'([\w-]+)'/g)].map((m) => m[1]!);
    assert.ok(reasonKeys.length > 10, 'RoutingReasonKey found in bridge/domain/types.ts');
    const events = readFileSync(join(ROOT, 'bridge/hub/events.ts'), 'utf8');
    const errorCodes = [...(events.match(/export type HubErrorCode =([^;]+);/)?.[1] ?? '').matchAll(/'([\w-]+)'/g)].map((m) => m[1]!);
    assert.ok(errorCodes.length > 5, 'HubErrorCode found in bridge/hub/events.ts');
    const missing = [...reasonKeys.map((k) => `routing.${k}`), ...errorCodes.map((c) => `error.${c}`)].filter((k) => !reference.has(k));
    assert.deepEqual(missing, [], `\n${missing.join('\n')}\n`);
  });
});
