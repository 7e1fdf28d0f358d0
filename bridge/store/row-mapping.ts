/** Row ↔ API shapes: snake_case columns to camelCase views, JSON text columns parsed defensively. */
import { isLanguage } from '../domain/types.js';
import type { CallersTable, ContactsTable } from './db-schema.js';
import type { CallerRow, ContactRow, LanguageSource } from './store-api.js';

export function parseTags(text: string | null | undefined): string[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function parseDetail(text: string | null | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function toCallerRow(r: CallersTable): CallerRow {
  return {
    number: r.number,
    preferredLanguage: isLanguage(r.preferred_language) ? r.preferred_language : null,
    languageSource: r.language_source === 'agent' || r.language_source === 'learned' ? (r.language_source as LanguageSource) : null,
    languageSetAt: r.language_set_at == null ? null : Number(r.language_set_at),
    languageSetBy: r.language_set_by,
    tags: parseTags(r.tags),
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
  };
}

export function toContactRow(r: ContactsTable): ContactRow {
  return {
    callId: r.call_id,
    caller: r.caller,
    callerVerified: Number(r.caller_verified) === 1,
    arrivedAt: Number(r.arrived_at),
    answeredAt: r.answered_at == null ? null : Number(r.answered_at),
    endedAt: r.ended_at == null ? null : Number(r.ended_at),
    dialledNumber: r.dialled_number,
    language: r.language,
    desk: r.desk,
    seatId: r.seat_id,
    outcome: r.outcome,
    contactMode: r.contact_mode,
    recordingRef: r.recording_ref,
    category: r.category,
    disposition: r.disposition,
    note: r.note,
  };
}
