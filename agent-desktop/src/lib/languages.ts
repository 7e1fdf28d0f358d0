import type { Language } from '../api/types.js';

/**
 * Seat languages in the order agents pick them (Mandarin first, then the regional and foreign-language
 * seats). Mirrors LANGUAGES in bridge/domain/types.ts, which the SPA may import only as a type.
 */
export const SEAT_LANGUAGES: readonly Language[] = ['zh', 'kk', 'ug', 'en', 'ja', 'ko', 'ru'];

/** The emergency linkage numbers a call can be handed to (公安 110, 消防 119, 急救 120). */
export const EMERGENCY_NUMBERS = ['110', '119', '120'] as const;
