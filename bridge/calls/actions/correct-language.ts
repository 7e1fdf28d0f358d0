/** "The caller speaks Kazakh": the live call's target language changes (the recorder remembers it). */
import { isLanguage } from '../../domain/types.js';
import type { Language, SeatId } from '../../domain/types.js';
import { CallState, CommandError } from '../call-center-api.js';
import type { CallRecords, CoreAccess, EventOutput } from '../call-center-context.js';
import { heldCall } from './ownership.js';

export class CorrectLanguage {
  constructor(private readonly ctx: CoreAccess & CallRecords & Pick<EventOutput, 'emitCall'>) {}

  exec(seatId: SeatId, callId: string, language: Language): void {
    const { ctx } = this;
    if (!isLanguage(language)) throw new CommandError('invalid-input', `unknown language "${String(language)}"`);
    const { call, rec } = heldCall(ctx, seatId, callId, [CallState.Offering, CallState.Connected, CallState.Held], 'correct the language of');
    const target = { ...call.target, language, reasons: [...call.target.reasons, { source: 'default' as const, text: `座席 ${seatId} 更正语言 → ${language}`, key: 'languageCorrected' as const, params: { seat: seatId, language } }] };
    ctx.apply(ctx.acd.retarget(callId, target, ctx.clock.now()));
    rec.target = target;
    rec.log.info({ seatId, language }, 'language corrected');
    ctx.emitCall('language-corrected', callId, { seatId, detail: { language } });
  }
}
