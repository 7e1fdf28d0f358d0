/**
 * The audit trail reads as sentences (issue 11): one per action kind, in Chinese and English, with
 * people's names, catalogue names for states and modes, and a readable sentence for a kind this
 * desktop has no template for.
 */
import { strict as assert } from 'node:assert';
import { createI18n, type UiLanguage } from './i18n.js';
import { auditSentence, type SentenceEntry } from './audit-sentence.js';

const names = { lead1: '王丽', S07: '王强', admin: '系统管理员' };
const presets = { typhoon: '台风应急' };

const ENTRIES: Record<string, SentenceEntry> = {
  centreModePreset: { actor: 'lead1', action: 'centre-mode', detail: { mode: 'home', preset: 'typhoon', reason: '台风红色预警', seatsAffected: 72 } },
  centreMode: { actor: 'lead1', action: 'centre-mode', detail: { mode: 'office', preset: null, reason: '预警解除', seatsAffected: 72 } },
  forceState: { actor: 'lead1', action: 'force-seat-state', detail: { seatId: 'S07', from: 'available', to: 'not-ready', reason: 'meal' } },
  forceStateNoReason: { actor: 'lead1', action: 'force-seat-state', detail: { seatId: 'S07', from: 'not-ready', to: 'available', reason: null } },
  seatMode: { actor: 'lead1', action: 'seat-mode-override', detail: { seatId: 'S07', mode: 'home', reason: '家中有事' } },
  seatModeFollow: { actor: 'lead1', action: 'seat-mode-override', detail: { seatId: 'S07', mode: null, reason: '回到办公室' } },
  historyView: { actor: 'S07', action: 'history-view', detail: { callId: 'c-42', offerId: 'o1', seatId: 'S07', viewerRole: 'agent', caller: '139****0005' } },
  lockedUser: { actor: 'S07', action: 'login-locked-out', detail: { scope: 'user', userId: 'S07', ip: '10.0.0.5', retryAfterSeconds: 300 } },
  lockedAddress: { actor: 'ip:10.0.0.9', action: 'login-locked-out', detail: { scope: 'address', userId: 'x', ip: '10.0.0.9', retryAfterSeconds: 120 } },
  revoked: { actor: 'admin', action: 'session-revoked', detail: { sessionId: 's1', userId: 'S07', role: 'agent', ip: '10.0.0.5' } },
  restoreFailed: { actor: 'system', action: 'centre-mode-restore-failed', detail: { mode: 'home', preset: 'flood', startedIn: 'office' } },
  interrupted: { actor: 'system', action: 'contacts-interrupted', detail: { count: 3 } },
  unknown: { actor: 'lead1', action: 'supervise-start', detail: { callId: 'c-9', seatId: 'S07', supervisionMode: 'whisper' } },
  unknownBare: { actor: 'lead1', action: 'drill', detail: {} },
};

// Uyghur and Kazakh sentences come from the same templates; their catalogues are checked in catalogues.test.tsx.
const EXPECTED: Record<Extract<UiLanguage, 'zh-CN' | 'en'>, Record<keyof typeof ENTRIES, string>> = {
  'zh-CN': {
    centreModePreset: '王丽 将中心切换为居家坐席（台风应急预案）：影响 72 个坐席，原因：台风红色预警',
    centreMode: '王丽 将中心切换为办公室坐席：影响 72 个坐席，原因：预警解除',
    forceState: '王丽 将坐席 S07 王强 的状态从“就绪”设为“未就绪”，原因：用餐',
    forceStateNoReason: '王丽 将坐席 S07 王强 的状态从“未就绪”设为“就绪”',
    seatMode: '王丽 将坐席 S07 王强 单独切换为居家坐席，原因：家中有事',
    seatModeFollow: '王丽 让坐席 S07 王强 恢复跟随中心模式，原因：回到办公室',
    historyView: '王强 查看了来电 139****0005 的历史记录（通话 c-42）',
    lockedUser: '账号 S07 王强 因多次密码错误被锁定 300 秒（来自 10.0.0.5）',
    lockedAddress: '来自 10.0.0.9 的登录因多次密码错误被锁定 120 秒',
    revoked: '系统管理员 结束了 S07 王强 的登录会话（坐席，来自 10.0.0.5）',
    restoreFailed: '未能恢复保存的中心模式“居家坐席”（flood预案已不在配置中），中心以办公室坐席模式启动',
    interrupted: '非正常停止遗留的 3 通未结束来电已按“中断”关闭',
    unknown: '王丽 执行了“supervise-start”：通话 c-9，坐席 S07，supervision mode whisper',
    unknownBare: '王丽 执行了“drill”',
  },
  en: {
    centreModePreset: '王丽 switched the centre to Home seats (台风应急 preset): 72 seats, reason: 台风红色预警',
    centreMode: '王丽 switched the centre to Office seats: 72 seats, reason: 预警解除',
    forceState: '王丽 set seat S07 王强 from “Available” to “Not ready”, reason: Meal',
    forceStateNoReason: '王丽 set seat S07 王强 from “Not ready” to “Available”',
    seatMode: '王丽 switched seat S07 王强 on its own to Home seats, reason: 家中有事',
    seatModeFollow: '王丽 set seat S07 王强 back to following the centre mode, reason: 回到办公室',
    historyView: '王强 viewed the history of caller 139****0005 (call c-42)',
    lockedUser: 'Logins as S07 王强 were locked for 300 s after repeated wrong passwords (from 10.0.0.5)',
    lockedAddress: 'Logins from 10.0.0.9 were locked for 120 s after repeated wrong passwords',
    revoked: '系统管理员 ended the session of S07 王强 (agent, from 10.0.0.5)',
    restoreFailed: 'The saved centre mode “Home seats” could not be restored (preset flood is no longer configured); the centre started in office mode',
    interrupted: '3 calls left open by an unclean stop were closed as interrupted',
    unknown: '王丽 did “supervise-start”: call c-9, seat S07, supervision mode whisper',
    unknownBare: '王丽 did “drill”',
  },
};

describe('agent-desktop: audit sentences', () => {
  for (const lng of ['zh-CN', 'en'] as const) {
    const i18n = createI18n(lng);
    const ctx = { t: (k: string, v?: Record<string, string | number>) => String(i18n.t(k, v)), exists: (k: string) => i18n.exists(k), names, presets };
    for (const [name, entry] of Object.entries(ENTRIES)) {
      it(`${lng}: ${entry.action} (${name})`, () => {
        assert.equal(auditSentence(entry, ctx), EXPECTED[lng][name]);
      });
    }
    it(`${lng}: the bridge's actor name wins over the local list, and typed text stays text`, () => {
      const s = auditSentence({ actor: 'lead2', actorName: '马建国', action: 'centre-mode', detail: { mode: 'home', reason: '{{actor}} $t(pop.overdue)', seatsAffected: 1 } }, ctx);
      assert.ok(s.startsWith('马建国'), s);
      assert.ok(s.endsWith('{{actor}} $t(pop.overdue)'), s);
    });
  }
});
