/**
 * SIP hint headers — `X-Language`, `X-Desk`, `Accept-Language`, `X-Emergency` — honoured only when the call
 * came in on a trusted trunk (the adapter sets `call.trunk`). From anywhere else they are ignored
 * silently: a caller must not be able to pick a desk or jump the queue by crafting headers.
 * Values are untrusted text: unknown languages or desks are ignored and reported for the log, never thrown.
 */
import type { InboundCall } from '../../telephony/telephony-port.js';
import type { HotlineConfig } from '../config/schema.js';
import { deskLabel, seatLanguagePhrase, type DeskClue, type LanguageClue } from './routing-clues.js';
import { parseAcceptLanguage, pickAcceptedLanguage } from './accept-language.js';

export interface SipHintClues {
  language?: LanguageClue;
  desk?: DeskClue;
  emergency: boolean;
  /** Hint values that were present but unusable (for the log; no reason is shown to agents). */
  ignored: string[];
}

/** Header values shown in a reason are capped and stripped of anything but plain tag characters. */
const shown = (v: string) => v.replace(/[^A-Za-z0-9,;=.\- ]/g, '').slice(0, 64);

/** `kk`, `KK`, `kk-KZ`, `kk_Cyrl` → `kk`. */
function primarySubtag(value: string): string {
  return value.trim().split(/[-_]/)[0]!.toLowerCase();
}

export function sipHintClues(config: HotlineConfig, call: Pick<InboundCall, 'trunk' | 'hints'>): SipHintClues {
  const out: SipHintClues = { emergency: false, ignored: [] };
  if (call.trunk === null) return out;
  const trunk = call.trunk;
  const h = call.hints;
  const codes = config.languages.map((l) => l.code);

  if (h.language !== undefined) {
    const code = codes.find((c) => c === primarySubtag(h.language!));
    if (code) {
      out.language = {
        language: code,
        strength: 'required',
        reason: { source: 'sip-hint', text: `中继 ${trunk} 提示 X-Language: ${shown(h.language)} → ${seatLanguagePhrase(config, code, 'required')}`,
          key: 'hintLanguage',
          params: { trunk, value: shown(h.language), seatLanguage: code, strength: 'required' },
        },
      };
    } else out.ignored.push(`X-Language "${shown(h.language)}" is not a language of this centre`);
  }

  if (!out.language && h.acceptLanguage !== undefined) {
    const picked = pickAcceptedLanguage(h.acceptLanguage, codes);
    if (picked) {
      // The caller's first choice is a statement; a fallback further down the list is only a preference.
      const top = parseAcceptLanguage(h.acceptLanguage)[0];
      const strength = top && top.primary === picked.code ? 'required' : 'preferred';
      out.language = {
        language: picked.code,
        strength,
        reason: { source: 'sip-hint', text: `Accept-Language: ${shown(h.acceptLanguage)} → ${seatLanguagePhrase(config, picked.code, strength)}`,
          key: 'acceptLanguage',
          params: { value: shown(h.acceptLanguage), seatLanguage: picked.code, strength },
        },
      };
    } else out.ignored.push(`Accept-Language "${shown(h.acceptLanguage)}" names no language of this centre`);
  }

  if (h.desk !== undefined) {
    const desk = config.desks.find((d) => d.id === h.desk!.trim().toLowerCase());
    if (desk) out.desk = { desk: desk.id, reason: { source: 'sip-hint', text: `中继 ${trunk} 提示 X-Desk: ${desk.id} → ${deskLabel(config, desk.id)}`, key: 'hintDesk', params: { trunk, desk: desk.id } } };
    else out.ignored.push(`X-Desk "${shown(h.desk)}" is not a desk of this centre`);
  }

  out.emergency = h.emergency === true;
  return out;
}
