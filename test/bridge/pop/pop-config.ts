/** A small but complete hotline config for pop tests. */
import { configSchema, type HotlineConfig } from '../../../bridge/config/schema.js';

export function popConfig(history: Record<string, unknown> = {}): HotlineConfig {
  return configSchema.parse({
    languages: [
      { code: 'zh', name: 'Mandarin', nativeName: '普通话' },
      { code: 'kk', name: 'Kazakh', nativeName: 'قازاقشا' },
    ],
    desks: [
      { id: 'general', name: '综合受理' },
      { id: 'social-security', name: '社保专席' },
    ],
    numberPlan: [
      { did: '12345', label: '12345 政务服务便民热线', desk: 'general' },
      { did: '12333', label: '12333 人社服务热线', desk: 'social-security' },
    ],
    history,
    // What a pop shows must not depend on how loaded the machine is: a cold SQLite worker on a busy
    // box can miss the production 300 ms. pop-deadline.test.ts sets its own deadline.
    store: { popDeadlineMs: 10_000 },
  });
}
