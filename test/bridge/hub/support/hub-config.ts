/** A small but real (schema-validated) centre for hub and auth tests: two seats, a lead, an admin. */
import { configSchema, type HotlineConfig } from '../../../../bridge/config/schema.js';

export function hubConfig(over: { seatHashes?: Record<string, string>; userHashes?: Record<string, string>; ttlHours?: number } = {}): HotlineConfig {
  return configSchema.parse({
    languages: [
      { code: 'zh', name: 'Mandarin', nativeName: '普通话' },
      { code: 'kk', name: 'Kazakh', nativeName: 'قازاقشا' },
    ],
    desks: [
      { id: 'general', name: '综合' },
      { id: 'emergency', name: '应急联动', emergency: true },
    ],
    numberPlan: [{ did: '12345', label: '12345 政务服务便民热线' }],
    seats: [
      { id: 'A01', name: '李娜', languages: ['zh'], desks: ['general'], officeContact: 'sip:a01@lab', homeContact: 'sip:a01-home@lab', passwordHash: over.seatHashes?.A01 },
      { id: 'A02', name: '阿依古丽', languages: ['zh', 'kk'], desks: ['general'], officeContact: 'sip:a02@lab', passwordHash: over.seatHashes?.A02 },
    ],
    users: [
      { id: 'lead1', name: '王丽', role: 'lead', passwordHash: over.userHashes?.lead1 },
      { id: 'admin', name: '管理员', role: 'admin', passwordHash: over.userHashes?.admin },
    ],
    hub: { sessionTtlHours: over.ttlHours ?? 12 },
    homeSeat: { presets: [{ id: 'typhoon', name: '台风应急', foldDesks: [], intoDesk: 'general', reserveDesks: ['emergency'] }] },
  });
}
