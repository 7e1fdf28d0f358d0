/**
 * The routing decision, pure: no I/O, no clock (`now` is passed in), so it is deterministic and fast.
 *
 * Language, first clue wins:
 *   1. number plan, `required` (an access number the caller chose: 123451 → kk)
 *   2. trusted SIP hint X-Language, then Accept-Language
 *   3. caller history (required: the caller has needed it before)
 *   4. number plan, `preferred` (a line's usual audience, refined by anything about this caller)
 *   5. number region (preferred only; a region of the centre's own language just confirms it)
 *   6. the centre's language, required
 * Desk, first wins: emergency mark → number plan → trusted X-Desk → history tags → default desk; then the
 * desk's schedule may hand the call to its fallback. Priority: the number plan's, raised to the emergency
 * priority by an emergency mark.
 */
import type { InboundCall } from '../../telephony/telephony-port.js';
import type { HotlineConfig } from '../config/schema.js';
import type { RoutingReason, RoutingTarget } from '../domain/types.js';
import type { CallerRoutingFacts } from '../history/history-ports.js';
import { numberPlanClues } from './number-plan.js';
import { sipHintClues } from './sip-hints.js';
import { historyClues } from './caller-history.js';
import { regionClue } from './number-region.js';
import { applySchedule, DEFAULT_TIME_ZONE } from './schedule.js';
import { emergencyDecision } from './emergency.js';
import { centreLanguage, deskLabel, languageLabel, type DeskClue, type LanguageClue } from './routing-clues.js';

export interface RoutingInputs {
  call: Pick<InboundCall, 'callerNumber' | 'dialledNumber' | 'trunk' | 'hints'>;
  /** Caller history, or null when not consulted (see `historyNote`). */
  history: CallerRoutingFacts | null;
  /** Why history is missing, shown as a reason: an unverified caller identity, or the store failed. */
  historyNote?: 'unverified' | 'unavailable';
  /** The centre's time zone for desk schedules. */
  timeZone?: string;
}

export interface InferredRoute {
  target: RoutingTarget;
  didLabel: string;
  /** Unusable inputs (unknown hint values …) for the log; agents do not see these. */
  ignored: string[];
}

const first = <T>(...xs: (T | undefined)[]): T | undefined => xs.find((x) => x !== undefined);

export function inferTarget(inputs: RoutingInputs, config: HotlineConfig, now: number): InferredRoute {
  const { call } = inputs;
  const plan = numberPlanClues(config, call.dialledNumber);
  const hints = sipHintClues(config, call);
  const hist = inputs.history ? historyClues(config, inputs.history) : { ignored: [] as string[] };
  const ignored = [...hints.ignored, ...hist.ignored];

  const planRequired = plan.language?.strength === 'required' ? plan.language : undefined;
  const planPreferred = plan.language?.strength === 'preferred' ? plan.language : undefined;
  const fallbackLanguage = centreLanguage(config);
  const language: LanguageClue =
    first(planRequired, hints.language, hist.language, planPreferred, regionClue(config, call.callerNumber)) ?? {
      language: fallbackLanguage,
      strength: 'required',
      reason: { source: 'default', text: `无语言线索 → ${languageLabel(config, fallbackLanguage)} (${fallbackLanguage})`, key: 'noLanguageClue', params: { language: fallbackLanguage } },
    };

  const emergency = emergencyDecision(config, {
    numberPlan: plan.emergency,
    hint: hints.emergency,
    numberPlanDesk: plan.desk?.desk,
    basePriority: plan.priority,
  });
  const desk: DeskClue =
    first(emergency?.desk, plan.desk, hints.desk, hist.desk) ?? {
      desk: config.defaultDesk,
      reason: { source: 'default', text: `未指定专席 → ${deskLabel(config, config.defaultDesk)}（默认）`, key: 'defaultDesk', params: { desk: config.defaultDesk } },
    };
  const scheduled = applySchedule(config, desk.desk, now, inputs.timeZone ?? DEFAULT_TIME_ZONE);

  const reasons: RoutingReason[] = [];
  const add = (r: RoutingReason | undefined) => {
    if (r && !reasons.some((x) => x.text === r.text)) reasons.push(r);
  };
  // The line dialled is worth saying only when no clue of the plan already says it.
  if (!plan.language && !plan.desk) add(plan.lineReason);
  emergency?.reasons.forEach(add);
  add(language.reason);
  add(desk.reason);
  scheduled.reasons.forEach(add);
  if (inputs.historyNote === 'unverified') add({ source: 'history', text: '来电号码未经验证，未参考来电历史', key: 'historyUnverified' });
  if (inputs.historyNote === 'unavailable') add({ source: 'history', text: '来电历史暂不可用，未参考', key: 'historyUnavailable' });

  return {
    target: {
      language: language.language,
      languageStrength: language.strength,
      desk: scheduled.desk,
      priority: emergency?.priority ?? plan.priority,
      reasons,
    },
    didLabel: plan.didLabel,
    ignored,
  };
}
