/**
 * What the desktop says when a command fails: always a catalogue sentence in the UI language, never the
 * hub's or a library's own English ("operation has timed out", "xhr poll error"). Hub refusals carry a
 * code (HubErrorCode in bridge/hub/events.ts), mapped one to one; the few messages the socket library
 * produces itself are recognised; anything else gets the generic sentence.
 */
import type { TFunction } from 'i18next';
import type { HubErrorCode } from '../../../bridge/hub/events.js';

export type CommandErrorCode = HubErrorCode | 'timeout' | 'disconnected' | 'unknown';

const CODES: ReadonlySet<string> = new Set<CommandErrorCode>([
  'invalid-input',
  'forbidden',
  'not-found',
  'invalid-state',
  'switch-failed',
  'rate-limited',
  'unavailable',
  'internal',
  'timeout',
  'disconnected',
  'unknown',
]);

/** A command the hub refused or that never got an answer; `message` is for logs, not for people. */
export class CommandError extends Error {
  constructor(
    readonly code: CommandErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Library messages worth telling apart (socket.io-client, fetch). */
const KNOWN_MESSAGES: readonly [RegExp, CommandErrorCode][] = [
  [/operation has timed out|timed? ?out/i, 'timeout'],
  [/not connected|socket has been disconnected|transport close|xhr poll error|websocket error|failed to fetch|networkerror|load failed/i, 'disconnected'],
];

export function commandErrorCode(e: unknown): CommandErrorCode {
  if (e instanceof CommandError) return e.code;
  // The hub never answered (api/hub-protocol.ts CommandNotAnswered, matched by name to keep this module free of it).
  const unanswered = e as { name?: unknown; reason?: unknown } | null;
  if (unanswered?.name === 'CommandNotAnswered') return unanswered.reason === 'disconnected' ? 'disconnected' : 'timeout';
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CODES.has(code)) return code as CommandErrorCode;
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  for (const [re, c] of KNOWN_MESSAGES) if (re.test(message)) return c;
  return 'unknown';
}

/** The sentence to show for a failed command, in the UI language. */
export function errorSentence(t: TFunction, e: unknown): string {
  return String(t(`error.${commandErrorCode(e)}`));
}
