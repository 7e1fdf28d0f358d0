/**
 * Transfer: to another desk or language seat the call goes back into the queue keeping its first arrival
 * time (so it is served ahead of later callers); to 110/119/120 or an external number it leaves the centre.
 */
import { z } from 'zod';
import { maskNumber } from '../../domain/types.js';
import type { RoutingTarget, SeatId } from '../../domain/types.js';
import { CommandError, type TransferTarget } from '../call-center-api.js';
import type { CallRecords, CoreAccess, EventOutput, SwitchCommands } from '../call-center-context.js';
import type { HotlineConfig } from '../../config/schema.js';
import { heldCall, stillHeld, TALKING } from './ownership.js';
import { switchFailed } from './switch-failure.js';

export const externalNumber = z.string().regex(/^\+?[0-9]{3,20}$/, 'expected digits, e.g. 110, 119, 120 or a phone number');

export class TransferCall {
  constructor(private readonly ctx: CoreAccess & CallRecords & Pick<EventOutput, 'emitCall'> & SwitchCommands & { readonly config: Pick<HotlineConfig, 'desks' | 'languages'> }) {}

  async exec(seatId: SeatId, callId: string, to: TransferTarget): Promise<void> {
    const { ctx } = this;
    const { call, rec } = heldCall(ctx, seatId, callId, TALKING, 'transfer');
    if (to.kind === 'external') {
      const parsed = externalNumber.safeParse(to.number);
      if (!parsed.success) throw new CommandError('invalid-input', parsed.error.issues[0]?.message ?? 'bad number');
      rec.pendingTransferOut = parsed.data;
      rec.log.info({ seatId, destination: maskNumber(parsed.data) }, 'transferring out');
      // Completed by the telephony's call-ended (reason transferred-out) or undone by third-party-failed.
      const sent = await ctx.send(callId, 'transferOut', () => ctx.telephony.transferOut(callId, parsed.data));
      if (!sent.ok) {
        rec.pendingTransferOut = undefined;
        throw switchFailed(sent.failure, `transfer the call to ${parsed.data}`);
      }
      return;
    }
    const target = this.newTarget(call.target, to, seatId);
    const sent = await ctx.send(callId, 'releaseSeat', () => ctx.telephony.releaseSeat(callId, target.language));
    // Refused: the agent keeps the caller (nothing moved); timed out: the adapter ended the call.
    if (!sent.ok) throw switchFailed(sent.failure, 'hand the call back to the queue');
    if (!stillHeld(ctx, seatId, callId, TALKING)) return;
    rec.transfers++;
    rec.lastTransfer = { by: seatId, to, at: ctx.clock.now() };
    rec.log.info({ seatId, desk: target.desk, language: target.language }, 'transferred back into the queue');
    ctx.emitCall('requeued', callId, { seatId, detail: { to } });
    // The ACD rings another seat first: the agent who handed the call on is asked again only if nobody else can take it.
    ctx.apply(ctx.acd.requeue(callId, target, ctx.clock.now(), seatId));
  }

  private newTarget(current: RoutingTarget, to: Exclude<TransferTarget, { kind: 'external' }>, seatId: SeatId): RoutingTarget {
    const { config } = this.ctx;
    if (to.kind === 'desk') {
      const desk = config.desks.find((d) => d.id === to.desk);
      if (!desk) throw new CommandError('invalid-input', `unknown desk "${to.desk}"`);
      return { ...current, desk: desk.id, reasons: [...current.reasons, { source: 'default', text: `转接 ${seatId} → ${desk.name}`, key: 'transferDesk', params: { seat: seatId, desk: desk.id } }] };
    }
    const lang = config.languages.find((l) => l.code === to.language);
    if (!lang) throw new CommandError('invalid-input', `language "${to.language}" is not staffed`);
    return {
      ...current,
      language: lang.code,
      languageStrength: 'required',
      reasons: [...current.reasons, { source: 'default', text: `转接 ${seatId} → ${lang.nativeName} (${lang.code})`, key: 'transferLanguage', params: { seat: seatId, language: lang.code } }],
    };
  }
}
