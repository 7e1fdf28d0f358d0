/**
 * Names in the desktop's UI languages for what the configuration labels: desks, dialled numbers (the
 * number plan's `label`), regions and surge presets. The YAML gives either one string (the Chinese name)
 * or a record `{zh: 社保专席, en: Social security, ug: …, kk: …}`; `zh` is required and is the fallback
 * for any language left out. After validation every entity keeps its Chinese `name`/`label` (what logs,
 * routing reasons and the store use) and, when the record was given, `names`.
 */
import { z } from 'zod';

export const NAME_LANGUAGES = ['zh', 'en', 'ug', 'kk'] as const;
export type NameLanguage = (typeof NAME_LANGUAGES)[number];
export type LocalNames = { zh: string } & Partial<Record<Exclude<NameLanguage, 'zh'>, string>>;

export const localNamesSchema = z.strictObject({
  zh: z.string().min(1),
  en: z.string().min(1).optional(),
  ug: z.string().min(1).optional(),
  kk: z.string().min(1).optional(),
});

/** A `name:` (or `label:`) in the YAML: the Chinese name, or one name per UI language. */
export const localNameSchema = z.union([z.string().min(1), localNamesSchema]);
export type LocalNameInput = z.input<typeof localNameSchema>;

/** Splits a validated `name` into the Chinese string and the per-language record (if one was given). */
export function splitLocalName(value: LocalNameInput, given?: LocalNames): { text: string; names?: LocalNames } {
  if (typeof value === 'string') return given ? { text: value, names: given } : { text: value };
  return { text: value.zh, names: value };
}

/** The name in `lang`, else the Chinese name (`names.zh`, else the plain `fallback`). */
export function localName(names: LocalNames | undefined, lang: string, fallback: string): string {
  if (!names) return fallback;
  const own = (names as Record<string, string | undefined>)[lang];
  return own && own.trim() ? own : names.zh || fallback;
}
