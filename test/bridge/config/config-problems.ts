/** What config tests share: the smallest valid centre, and a config's problems as "path: message" lines. */
import { configSchema } from '../../../bridge/config/schema.js';

export const MINIMAL_CENTRE = {
  languages: [{ code: 'zh', name: '普通话', nativeName: '普通话' }],
  desks: [{ id: 'general', name: '综合' }],
  numberPlan: [{ did: '12345', label: '12345' }],
};

export function problems(input: unknown): string[] {
  const r = configSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
