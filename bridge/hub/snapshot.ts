/**
 * The full picture one desktop needs, built on every (re)connect that socket.io did not recover.
 * The pending offer (with its pop) is resolved first; everything else is read synchronously afterwards,
 * so the snapshot is one consistent moment and no event can slip in between its parts.
 */
import { CallState, type CallCenter, type CallView } from '../calls/call-center-api.js';
import type { HotlineConfig } from '../config/schema.js';
import type { HubUser, SnapshotPayload } from './events.js';
import type { OfferPops } from './offer-pops.js';
import { DEMO_CALLERS } from '../../fixtures/history/demo-callers.js';

/** Lab only: the demo callers and dialled numbers a lead can stage a call with. */
function labStaging(config: SnapshotDeps['config']): SnapshotPayload['lab'] {
  if (config.telephony?.mode !== 'lab') return null;
  return {
    demoCallers: Object.entries(DEMO_CALLERS).map(([id, number]) => ({ id, number })),
    dialledNumbers: (config.numberPlan ?? []).map((e) => ({ did: e.did, label: e.label })),
  };
}

export interface SnapshotDeps {
  callCenter: CallCenter;
  offers: OfferPops;
  config: Pick<HotlineConfig, 'desks' | 'homeSeat' | 'languages' | 'notReadyReasons' | 'numberPlan' | 'regions'> & Partial<Pick<HotlineConfig, 'telephony'>>;
  now(): number;
}

/** `auditHead`: the newest audit entries, for leads (read by the caller from the store). */
export async function buildSnapshot(d: SnapshotDeps, user: HubUser, auditHead?: SnapshotPayload['audit']): Promise<SnapshotPayload> {
  const offer = user.seatId ? await d.offers.payload(user.seatId) : null;
  const cc = d.callCenter;
  const seat = user.seatId ? (cc.seat(user.seatId) ?? null) : null;
  let call: CallView | null = null;
  if (seat?.callId && seat.callId !== offer?.callId) {
    const c = cc.call(seat.callId);
    if (c && c.state !== CallState.Offering) call = c;
  }
  // Only the handling seat gets its call's pop (full number): a reloaded desktop keeps the caller's picture.
  const callPop = call && user.seatId && call.seatId === user.seatId ? await d.offers.callPop(user.seatId, call) : null;
  const centre = cc.centreMode();
  const lead = user.role === 'lead' || user.role === 'admin';
  return {
    user,
    seat,
    centre: { mode: centre.mode, preset: centre.preset, reason: centre.reason, since: centre.since },
    offer,
    call,
    callPop,
    // Names as configured (Chinese `name` + per-language `names`): each desktop shows its UI language's.
    desks: d.config.desks.map((k) => ({ id: k.id, name: k.name, ...(k.names ? { names: k.names } : {}), ...(k.emergency ? { emergency: true } : {}) })),
    presets: d.config.homeSeat.presets.map((p) => ({ id: p.id, name: p.name, ...(p.names ? { names: p.names } : {}) })),
    lines: d.config.numberPlan.map((e) => ({ did: e.did, name: e.label, ...(e.names ? { names: e.names } : {}) })),
    regions: d.config.regions.map((r) => ({ areaCode: r.areaCode, name: r.name, ...(r.names ? { names: r.names } : {}) })),
    languages: d.config.languages.map((l) => ({ code: l.code, name: l.name, nativeName: l.nativeName })),
    notReadyReasons: [...d.config.notReadyReasons],
    drain: cc.drainState(),
    ...(lead ? { wallboard: cc.wallboard(d.now()), seats: cc.seats(), audit: auditHead ?? [], lab: labStaging(d.config), liveCalls: cc.liveCalls(), supervisions: cc.supervisions() } : {}),
    ...(seat
      ? {
          supervised: cc
            .supervisions()
            .filter((v) => v.seatId === seat.id && v.agentSees && v.state !== 'ended')
            .map((v) => ({ supervisionId: v.id, callId: v.callId, mode: v.mode, leadName: v.leadName, active: true })),
        }
      : {}),
  };
}
