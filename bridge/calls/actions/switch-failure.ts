/**
 * What the agent is told when the telephony refused a command or did not answer: a CommandError whose
 * message says what went wrong and what became of the call (the hub sends it to the desktop that asked).
 */
import type { TelephonyCommandError } from '../../../telephony/telephony-port.js';
import { CommandError } from '../call-center-api.js';

export function switchFailed(failure: TelephonyCommandError, doing: string): CommandError {
  switch (failure.code) {
    case 'timeout':
      return new CommandError('switch-failed', `the switch did not answer in time while trying to ${doing}; the call was ended`);
    case 'not-connected':
      return new CommandError('switch-failed', `the switch is unreachable: could not ${doing}; the call is as it was`);
    case 'invalid-state':
      return new CommandError('invalid-state', `the switch cannot ${doing} now: ${failure.detail}`);
    case 'invalid-input':
      return new CommandError('invalid-input', `the switch refused to ${doing}: ${failure.detail}`);
    default:
      return new CommandError('switch-failed', `the switch could not ${doing} (${failure.detail}); the call is as it was`);
  }
}
