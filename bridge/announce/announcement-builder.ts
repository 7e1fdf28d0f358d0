/**
 * What a waiting caller is told, as prompt ids of the language's set (phrase-catalogue.ts). Pure.
 *
 *   greeting                                   on arrival
 *   position-before n:… [position-after]       place in the queue, 1–99 (tens + units above 20)
 *   wait-before min:… [wait-after]             expected wait, rounded to what people say
 *   wait-under-minute | wait-over-hour         under a minute / over an hour
 */
import type { Announcement } from '../../telephony/telephony-port.js';
import type { Language } from '../domain/types.js';
import { playable, type PhraseCatalogue, type PromptSet } from './phrase-catalogue.js';

/** A place above this is not said (the wait still is): nobody counts a queue of hundreds aloud. */
export const MAX_SPOKEN_POSITION = 99;

/**
 * The wait as it is said: `under` a minute, whole minutes 1–5, then to the nearest 5 up to 30, the
 * nearest 10 up to an hour, `over` an hour beyond that. Every value is a `min:` prompt of the catalogue.
 */
export function spokenWait(seconds: number): 'under' | 'over' | number {
  if (seconds < 60) return 'under';
  const minutes = Math.round(seconds / 60);
  if (minutes <= 5) return minutes;
  if (minutes <= 30) return Math.max(5, Math.round(minutes / 5) * 5);
  if (minutes <= 60) return Math.round(minutes / 10) * 10;
  return 'over';
}

/** A cardinal 1–99 as number prompts: 23 → n:20 n:3. */
export function numberPrompts(n: number): string[] {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`cannot say ${n}`);
  if (n <= 20 || n % 10 === 0) return [`n:${n}`];
  return [`n:${n - (n % 10)}`, `n:${n % 10}`];
}

/** The language the caller is told things in: theirs when its set is playable, else the centre's. */
export function announcementLanguage(cat: PhraseCatalogue, wanted: Language, centre: Language): Language | null {
  if (playable(cat, wanted)) return wanted;
  return playable(cat, centre) ? centre : null;
}

export function greeting(language: Language): Announcement {
  return { language, prompts: ['greeting'] };
}

/** Place and expected wait; null when there is nothing to say (place too far back and no estimate). */
export function queueUpdate(set: PromptSet, language: Language, position: number, waitSeconds: number | null): Announcement | null {
  const prompts: string[] = [];
  if (position >= 1 && position <= MAX_SPOKEN_POSITION) {
    prompts.push('position-before', ...numberPrompts(position));
    if (set.prompts['position-after']) prompts.push('position-after');
  }
  if (waitSeconds !== null) {
    const wait = spokenWait(waitSeconds);
    if (wait === 'under') prompts.push('wait-under-minute');
    else if (wait === 'over') prompts.push('wait-over-hour');
    else {
      prompts.push('wait-before', `min:${wait}`);
      if (set.prompts['wait-after']) prompts.push('wait-after');
    }
  }
  return prompts.length ? { language, prompts } : null;
}
