/** A service-level view for component tests: a morning below target in the last 15 minutes. */
import type { ServiceLevelView } from '../../api/types.js';

type Figures = ServiceLevelView['windows']['today'];

function figures(arrived: number, answered: number, within: number, short: number, over: Partial<Figures> = {}): Figures {
  return {
    from: 0,
    arrived,
    answered,
    answeredWithin: within,
    abandoned: arrived - answered,
    shortAbandons: short,
    answeredWithinShare: arrived ? within / arrived : null,
    connectedShare: arrived ? answered / arrived : null,
    averageWaitSeconds: 12.5,
    longestWaitSeconds: 75,
    by: { line: [], language: [], desk: [] },
    ...over,
  };
}

export function sampleServiceLevel(over: Partial<ServiceLevelView> = {}): ServiceLevelView {
  const today = figures(200, 192, 170, 4, {
    by: {
      line: [
        { key: '12345', ...figures(150, 146, 130, 3) },
        { key: '12328', ...figures(50, 46, 40, 1) },
      ],
      language: [{ key: 'zh', ...figures(190, 183, 163, 4) }, { key: 'kk', ...figures(10, 9, 7, 0) }],
      desk: [{ key: 'general', ...figures(200, 192, 170, 4) }],
    },
  });
  return {
    answerWithinSeconds: 15,
    shortAbandonSeconds: 5,
    windowMinutes: 15,
    targets: { answeredWithin: 0.8, connected: 0.95 },
    shiftStart: '08:00',
    windows: { rolling: figures(20, 18, 12, 1), shift: figures(80, 77, 66, 2), today },
    alerts: [
      { figure: 'answered-within', window: 'rolling', value: 0.6, target: 0.8 },
      { figure: 'connected', window: 'rolling', value: 0.9, target: 0.95 },
    ],
    ...over,
  };
}
