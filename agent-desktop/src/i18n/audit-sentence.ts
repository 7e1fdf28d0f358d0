/**
 * An audit entry as one sentence in the UI language ("王丽（值班长） switched the centre to home seats
 * (台风 preset): 72 seats, reason: …"), one template per action kind in the catalogues' `auditSentences`
 * block; a kind without a template (a newer bridge's) still reads as a sentence naming its details.
 * Pure: the desktop passes i18next's `t`, the bridge's CSV export a plain catalogue lookup.
 */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

export interface SentenceEntry {
  actor: string;
  /** The actor's display name when the bridge knows it. */
  actorName?: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface SentenceContext {
  t: Translate;
  exists: (key: string) => boolean;
  /** Display names of seats and users by id. */
  names?: Readonly<Record<string, string>>;
  /** Surge preset names by id. */
  presets?: Readonly<Record<string, string>>;
}

const PLAIN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const S = 'auditSentences';

function text(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function auditSentence(e: SentenceEntry, ctx: SentenceContext): string {
  const { t, exists } = ctx;
  const d = e.detail ?? {};
  /** A catalogue name for a plain id (state.available, mode.home …), the value itself otherwise. */
  const label = (prefix: string, v: unknown) => {
    const s = text(v);
    return PLAIN_ID.test(s) && exists(`${prefix}.${s}`) ? t(`${prefix}.${s}`) : s;
  };
  const person = (id: unknown) => {
    const s = text(id);
    const name = ctx.names?.[s];
    return name && name !== s ? `${s} ${name}` : s;
  };
  const actor = e.actor === 'system' ? t(`${S}.system`) : (e.actorName ?? ctx.names?.[e.actor] ?? e.actor);
  const preset = (id: unknown) => (typeof id === 'string' && ctx.presets?.[id]) || text(id);
  const say = (key: string, vars: Record<string, string | number>) => t(`${S}.${key}`, { actor, ...vars });

  switch (e.action) {
    case 'centre-mode':
      return say(d.preset ? 'centre-mode-preset' : 'centre-mode', {
        mode: label('mode', d.mode),
        preset: preset(d.preset),
        seats: text(d.seatsAffected),
        reason: text(d.reason),
      });
    case 'force-seat-state':
      return say(d.reason ? 'force-seat-state-reason' : 'force-seat-state', {
        seat: person(d.seatId),
        from: label('state', d.from),
        to: label('state', d.to),
        reason: label('reason', d.reason),
      });
    case 'seat-mode-override':
      return say(d.mode ? 'seat-mode-override' : 'seat-mode-follow', { seat: person(d.seatId), mode: label('mode', d.mode), reason: text(d.reason) });
    case 'history-view':
      return say('history-view', { caller: text(d.caller), callId: text(d.callId) });
    case 'login-locked-out':
      return say(d.scope === 'address' ? 'login-locked-out-address' : 'login-locked-out', { user: person(d.userId), ip: text(d.ip), seconds: text(d.retryAfterSeconds) });
    case 'session-revoked':
      return say('session-revoked', { user: person(d.userId), role: label(`${S}.roles`, d.role), ip: text(d.ip) });
    case 'centre-mode-restore-failed':
      return say('centre-mode-restore-failed', { mode: label('mode', d.mode), preset: text(d.preset) });
    case 'contacts-interrupted':
      return say('contacts-interrupted', { count: text(d.count) });
    default: {
      const parts = Object.entries(d)
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => t(`${S}.field`, { name: fieldName(k, ctx), value: text(v) }));
      const action = label('auditAction', e.action);
      return parts.length ? say('generic', { action, details: parts.join(t(`${S}.listSeparator`)) }) : say('genericBare', { action });
    }
  }
}

/** A detail key in words: the catalogue's name for it, or camelCase split into lower-case words. */
function fieldName(key: string, { t, exists }: SentenceContext): string {
  if (PLAIN_ID.test(key) && exists(`${S}.fields.${key}`)) return t(`${S}.fields.${key}`);
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]+/g, ' ').toLowerCase();
}
