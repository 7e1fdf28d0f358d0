/**
 * The desktop's message catalogues read on the server, so a CSV's headers and the audit sentences come
 * out in the requester's UI language with the very wording the desktop shows (one source for both).
 */
import type { Request } from 'express';
import { zhCN } from '../../agent-desktop/src/i18n/zh-cn.js';
import { en } from '../../agent-desktop/src/i18n/en.js';
import type { Translate } from '../../agent-desktop/src/i18n/audit-sentence.js';

export type UiLanguage = 'zh-CN' | 'en';

/** `?lang=en|zh-CN` (what the desktop sends), else Accept-Language, else Chinese. */
export function requesterLanguage(req: Pick<Request, 'query' | 'headers'>): UiLanguage {
  const q = typeof req.query.lang === 'string' ? req.query.lang.toLowerCase() : '';
  if (q === 'en') return 'en';
  if (q.startsWith('zh')) return 'zh-CN';
  const accept = String(req.headers['accept-language'] ?? '').toLowerCase();
  return accept.startsWith('en') ? 'en' : 'zh-CN';
}

type Tree = { [k: string]: string | Tree };

export interface Catalogue {
  t: Translate;
  exists: (key: string) => boolean;
}

export function catalogue(lang: UiLanguage): Catalogue {
  const root = (lang === 'en' ? en : zhCN) as unknown as Tree;
  const lookup = (key: string): string | undefined => {
    let node: string | Tree | undefined = root;
    for (const part of key.split('.')) {
      if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
      node = node[part];
    }
    return typeof node === 'string' ? node : undefined;
  };
  return {
    exists: (key) => lookup(key) !== undefined,
    // Values are inserted once and never re-read as templates (like i18next with escaping off).
    t: (key, vars = {}) => (lookup(key) ?? key).replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : m)),
  };
}
