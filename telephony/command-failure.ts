/**
 * The one way a TelephonyPort command fails: a TelephonyCommandError with a code the bridge can act
 * on. An adapter never rejects a command with anything else, and never leaves one pending past its
 * deadline (see telephony-port.ts).
 */

export type TelephonyFailureCode =
  /** The switch did not answer within the command deadline; the adapter ended the call (its state was unknown). */
  | 'timeout'
  /** The media server refused or failed the operation; the call is as it was before the command. */
  | 'media-error'
  /** A SIP request the command needed was refused or could not be sent; the call is as it was. */
  | 'sip-error'
  /** drachtio-server or FreeSWITCH is unreachable, or the adapter is stopped / draining. */
  | 'not-connected'
  /** The call is not in a state where the command makes sense (e.g. hold while nobody is connected). */
  | 'invalid-state'
  /** The command's arguments were rejected (bad destination, malformed offer). */
  | 'invalid-input';

export const TELEPHONY_FAILURE_CODES: readonly TelephonyFailureCode[] = [
  'timeout',
  'media-error',
  'sip-error',
  'not-connected',
  'invalid-state',
  'invalid-input',
];

export class TelephonyCommandError extends Error {
  override readonly name = 'TelephonyCommandError';
  constructor(
    readonly code: TelephonyFailureCode,
    /** The port method that failed, e.g. `hold`. */
    readonly command: string,
    /** Human-readable cause, safe to show an agent (no phone numbers). */
    readonly detail: string,
    readonly callId?: string,
  ) {
    super(`${command} failed (${code}): ${detail}`);
  }
}

export function isTelephonyCommandError(err: unknown): err is TelephonyCommandError {
  return err instanceof TelephonyCommandError;
}
