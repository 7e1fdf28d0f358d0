/**
 * Emergency marks: an emergency-linkage DID (110/119/120 联动) or a trusted trunk's `X-Emergency` hint.
 * Such a call gets the configured emergency priority (served before every other waiting call) and the
 * emergency desk, unless its number-plan entry names the desk itself.
 */
import type { HotlineConfig } from '../config/schema.js';
import type { RoutingReason } from '../domain/types.js';
import { deskLabel, type DeskClue } from './routing-clues.js';

export interface EmergencyDecision {
  priority: number;
  desk?: DeskClue;
  reasons: RoutingReason[];
}

export function emergencyDecision(
  config: HotlineConfig,
  marks: { numberPlan: boolean; hint: boolean; numberPlanDesk?: string; basePriority: number },
): EmergencyDecision | undefined {
  if (!marks.numberPlan && !marks.hint) return undefined;
  const priority = Math.max(marks.basePriority, config.emergencyPriority);
  const why = marks.numberPlan ? '应急联动专线来电' : '可信中继标记 X-Emergency';
  const reasons: RoutingReason[] = [{ source: 'emergency', text: `${why} → 最高优先级 (${priority})`, key: marks.numberPlan ? 'emergencyLine' : 'emergencyHint', params: { priority } }];
  // The DID's own desk (if any) stands; otherwise the desk flagged `emergency` in the configuration.
  if (marks.numberPlan && marks.numberPlanDesk) return { priority, reasons };
  const desk = config.desks.find((d) => d.emergency);
  if (!desk) return { priority, reasons };
  return { priority, reasons, desk: { desk: desk.id, reason: { source: 'emergency', text: `应急联动 → ${deskLabel(config, desk.id)}`, key: 'emergencyDesk', params: { desk: desk.id } } } };
}
