/**
 * Table-driven routing over the seed centre (config/default.yaml) and the seed callers: each source,
 * then the precedence between them, as an agent would see it in the pop (target + reasons).
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import sinon from 'sinon';
import { Router } from '../../../bridge/routing/router.js';
import { InMemoryHistory } from '../../../bridge/history/in-memory-history.js';
import type { CallerHistorySource } from '../../../bridge/history/history-ports.js';
import type { InboundCall } from '../../../telephony/telephony-port.js';
import type { RoutingSource } from '../../../bridge/domain/types.js';
import { SEED_CALLER_NUMBERS as C } from '../../../fixtures/seed/callers.js';
import { inbound, seedConfig, JANUARY_MORNING, JULY_MORNING, JULY_NIGHT } from './routing-fixture.js';

const silent = pino({ level: 'silent' });
const ALTAY_LANDLINE = '09063123456';

interface Case {
  name: string;
  call: Partial<InboundCall>;
  now?: number;
  /** Extra history for numbers the seed does not know. */
  setup?: (h: InMemoryHistory) => void;
  expect: {
    language: string;
    strength: 'required' | 'preferred';
    desk: string;
    priority?: number;
    didLabel?: RegExp;
    reason?: RegExp;
    noReasonFrom?: RoutingSource;
  };
}

const sources: Case[] = [
  {
    name: 'a caller of the Kazakh access number needs a kk seat',
    call: { dialledNumber: '123451' },
    expect: { language: 'kk', strength: 'required', desk: 'general', reason: /拨打 123451 哈萨克语服务专线 → 需哈萨克语坐席 \(kk\)/ },
  },
  {
    name: '12333 reaches the social-security desk',
    call: { dialledNumber: '12333' },
    expect: { language: 'zh', strength: 'required', desk: 'social-security', reason: /拨打 12333 → 社保专席/, didLabel: /12333 人社服务热线/ },
  },
  {
    name: '12393 reaches the medical-insurance desk',
    call: { dialledNumber: '12393' },
    expect: { language: 'zh', strength: 'required', desk: 'medical-insurance', reason: /拨打 12393 → 医保专席/ },
  },
  {
    name: 'a caller whose last calls were in Russian needs a ru seat',
    call: { callerNumber: C.russianSpeaker },
    expect: { language: 'ru', strength: 'required', desk: 'general', reason: /近3次来电使用俄语 → 需俄语坐席 \(ru\)/ },
  },
  {
    name: 'a caller whose last calls were in Kazakh needs a kk seat on plain 12345',
    call: { callerNumber: C.kazakhSpeaker },
    expect: { language: 'kk', strength: 'required', desk: 'general', reason: /近3次来电使用哈萨克语/ },
  },
  {
    name: 'an Altay landline prefers a kk seat but does not require one',
    call: { callerNumber: ALTAY_LANDLINE },
    expect: { language: 'kk', strength: 'preferred', desk: 'general', reason: /区号 0906 阿勒泰 → 优先哈萨克语坐席 \(kk\)/ },
  },
  {
    name: 'the same landline in international format',
    call: { callerNumber: '+869063123456' },
    expect: { language: 'kk', strength: 'preferred', desk: 'general', reason: /区号 0906/ },
  },
  {
    name: 'a Kashgar landline prefers Uyghur',
    call: { callerNumber: '09982345678' },
    expect: { language: 'ug', strength: 'preferred', desk: 'general', reason: /区号 0998 喀什/ },
  },
  {
    name: 'a Haikou landline stays Mandarin, required',
    call: { callerNumber: '089863456789' },
    expect: { language: 'zh', strength: 'required', desk: 'general', reason: /区号 0898 海口 → 普通话 \(zh\)/ },
  },
  {
    name: 'a mobile number carries no region',
    call: { callerNumber: '13909061234' },
    expect: { language: 'zh', strength: 'required', desk: 'general', noReasonFrom: 'region', reason: /无语言线索/ },
  },
  {
    name: 'the emergency-linkage number jumps the queue at the emergency desk',
    call: { dialledNumber: '12345110' },
    expect: { language: 'zh', strength: 'required', desk: 'emergency', priority: 100, reason: /应急联动专线来电 → 最高优先级 \(100\)/ },
  },
  {
    name: 'a trusted X-Emergency hint on 12345 does the same',
    call: { hints: { emergency: true } },
    expect: { language: 'zh', strength: 'required', desk: 'emergency', priority: 100, reason: /X-Emergency/ },
  },
  {
    name: 'the deputies line carries its own priority',
    call: { dialledNumber: '123458' },
    expect: { language: 'zh', strength: 'required', desk: 'deputies', priority: 10, reason: /拨打 123458 → 代表委员专席/ },
  },
  {
    name: 'a repeat complainant goes to the repeat-complaint desk',
    call: { callerNumber: C.repeatComplainant },
    expect: { language: 'zh', strength: 'required', desk: 'repeat-complaint', reason: /重复投诉人（未结历史遗留工单 1 件） → 历史遗留专席/ },
  },
  {
    name: 'open repeat complaints alone make a repeat complainant',
    call: { callerNumber: '13600000001' },
    setup: (h) => h.setOpenRepeatComplaints('13600000001', 2),
    expect: { language: 'zh', strength: 'required', desk: 'repeat-complaint', reason: /未结历史遗留工单 2 件/ },
  },
  {
    name: 'an enterprise caller goes to 企业之家',
    call: { callerNumber: C.enterprise },
    expect: { language: 'zh', strength: 'required', desk: 'enterprise', reason: /来电人标签：企业 \(enterprise\) → 企业之家专席/ },
  },
  {
    name: 'a deputy goes to the deputies desk',
    call: { callerNumber: C.deputy },
    expect: { language: 'zh', strength: 'required', desk: 'deputies' },
  },
  {
    name: 'a trusted X-Language hint is honoured',
    call: { hints: { language: 'kk' } },
    expect: { language: 'kk', strength: 'required', desk: 'general', reason: /中继 lab-loopback 提示 X-Language: kk → 需哈萨克语坐席/ },
  },
  {
    name: 'a trusted X-Language hint with a region subtag and capitals',
    call: { hints: { language: 'UG-CN' } },
    expect: { language: 'ug', strength: 'required', desk: 'general' },
  },
  {
    name: 'a trusted X-Desk hint is honoured',
    call: { hints: { desk: 'medical-insurance' } },
    expect: { language: 'zh', strength: 'required', desk: 'medical-insurance', reason: /X-Desk: medical-insurance → 医保专席/ },
  },
  {
    name: 'hints from an untrusted source are ignored without a reason',
    call: { trunk: null, hints: { language: 'kk', desk: 'legal', emergency: true, acceptLanguage: 'ru' } },
    expect: { language: 'zh', strength: 'required', desk: 'general', priority: 0, noReasonFrom: 'sip-hint' },
  },
  {
    name: 'Accept-Language: the first choice is required',
    call: { hints: { acceptLanguage: 'ru-RU,ru;q=0.9' } },
    expect: { language: 'ru', strength: 'required', desk: 'general', reason: /Accept-Language: ru-RU,ru;q=0.9 → 需俄语坐席/ },
  },
  {
    name: 'Accept-Language: q-values rank, not order',
    call: { hints: { acceptLanguage: 'en;q=0.3, ja;q=0.8' } },
    expect: { language: 'ja', strength: 'required', desk: 'general' },
  },
  {
    name: 'Accept-Language: a fallback further down the list is only preferred',
    call: { hints: { acceptLanguage: 'fr-FR, en;q=0.5' } },
    expect: { language: 'en', strength: 'preferred', desk: 'general' },
  },
  {
    name: 'an unknown DID goes to the default desk and says so',
    call: { dialledNumber: '99999' },
    expect: { language: 'zh', strength: 'required', desk: 'general', reason: /拨打 99999（不在号码计划中）/, didLabel: /^99999$/ },
  },
  {
    name: 'an area code dialled before 12345 still reaches 12345',
    call: { dialledNumber: '090612345' },
    expect: { language: 'zh', strength: 'required', desk: 'general', didLabel: /^12345 政务服务便民热线$/ },
  },
  {
    name: 'the foreign-language line in season: tourism desk, English preferred',
    call: { dialledNumber: '123452' },
    expect: { language: 'en', strength: 'preferred', desk: 'tourism', reason: /拨打 123452 → 旅游专席/ },
  },
];

const precedence: Case[] = [
  {
    name: 'explicit beats history: the Kazakh line wins over Russian history',
    call: { dialledNumber: '123451', callerNumber: C.russianSpeaker },
    expect: { language: 'kk', strength: 'required', desk: 'general', noReasonFrom: 'history' },
  },
  {
    name: 'explicit beats history: a trusted X-Language wins over Russian history',
    call: { callerNumber: C.russianSpeaker, hints: { language: 'ug' } },
    expect: { language: 'ug', strength: 'required', desk: 'general' },
  },
  {
    name: 'history beats region: an Altay landline whose calls were in Russian',
    call: { callerNumber: ALTAY_LANDLINE },
    setup: (h) => h.setPreferredLanguage(ALTAY_LANDLINE, 'ru', '坐席更正为俄语'),
    expect: { language: 'ru', strength: 'required', desk: 'general', noReasonFrom: 'region', reason: /坐席更正为俄语/ },
  },
  {
    name: 'explicit beats region: the Uyghur line from an Altay landline',
    call: { dialledNumber: '123453', callerNumber: ALTAY_LANDLINE },
    expect: { language: 'ug', strength: 'required', desk: 'general', noReasonFrom: 'region' },
  },
  {
    name: "history refines a line's preferred language: Russian caller on the foreign-language line",
    call: { dialledNumber: '123452', callerNumber: C.russianSpeaker },
    expect: { language: 'ru', strength: 'required', desk: 'tourism' },
  },
  {
    name: 'the number plan desk beats a hinted desk',
    call: { dialledNumber: '12333', hints: { desk: 'legal' } },
    expect: { language: 'zh', strength: 'required', desk: 'social-security' },
  },
  {
    name: 'a hinted desk beats the history desk',
    call: { callerNumber: C.repeatComplainant, hints: { desk: 'legal' } },
    expect: { language: 'zh', strength: 'required', desk: 'legal', noReasonFrom: 'history' },
  },
  {
    name: 'the number plan desk beats a history tag',
    call: { dialledNumber: '12333', callerNumber: C.repeatComplainant },
    expect: { language: 'zh', strength: 'required', desk: 'social-security' },
  },
  {
    name: 'an emergency mark beats the number plan desk and keeps the caller language',
    call: { dialledNumber: '12333', callerNumber: C.kazakhSpeaker, hints: { emergency: true } },
    expect: { language: 'kk', strength: 'required', desk: 'emergency', priority: 100 },
  },
];

const schedule: Case[] = [
  {
    name: 'off season the tourism desk hands its calls to general, and says so',
    call: { dialledNumber: '123452' },
    now: JANUARY_MORNING,
    expect: { language: 'en', strength: 'preferred', desk: 'general', reason: /旅游专席非服务时段（5–10月 08:00-22:00）→ 转综合坐席/ },
  },
  {
    name: 'after hours the legal desk hands its calls to general',
    call: { hints: { desk: 'legal' } },
    now: JULY_NIGHT,
    expect: { language: 'zh', strength: 'required', desk: 'general', reason: /法律咨询专席非服务时段（08:30-20:00）→ 转综合坐席/ },
  },
  {
    name: 'the legal desk inside its hours keeps its calls',
    call: { hints: { desk: 'legal' } },
    now: JULY_MORNING,
    expect: { language: 'zh', strength: 'required', desk: 'legal', noReasonFrom: 'schedule' },
  },
];

describe('Router over the seed centre', () => {
  for (const [group, cases] of [['sources', sources], ['precedence', precedence], ['schedule', schedule]] as const) {
    describe(group, () => {
      for (const c of cases) {
        it(c.name, async () => {
          const history = new InMemoryHistory();
          c.setup?.(history);
          const router = new Router(seedConfig, history, { logger: silent });
          const { target, didLabel } = await router.route(inbound(c.call), c.now ?? JULY_MORNING);
          const shown = target.reasons.map((r) => `[${r.source}] ${r.text}`).join('\n');
          assert.equal(target.language, c.expect.language, shown);
          assert.equal(target.languageStrength, c.expect.strength, shown);
          assert.equal(target.desk, c.expect.desk, shown);
          assert.equal(target.priority, c.expect.priority ?? 0, shown);
          if (c.expect.reason) assert.match(shown, c.expect.reason);
          if (c.expect.noReasonFrom) assert.ok(!target.reasons.some((r) => r.source === c.expect.noReasonFrom), shown);
          if (c.expect.didLabel) assert.match(didLabel, c.expect.didLabel);
          assert.ok(target.reasons.length > 0, 'every decision carries a reason');
        });
      }
    });
  }
});

describe('Router edges', () => {
  it('does not read the history of an unverified caller, and says why', async () => {
    let asked = 0;
    const history: CallerHistorySource = {
      async routingFacts() {
        asked++;
        return { language: 'ru', tags: ['repeat-complainant'], openRepeatComplaints: 1 };
      },
    };
    const router = new Router(seedConfig, history, { logger: silent });
    const { target } = await router.route(inbound({ callerNumber: C.russianSpeaker, callerVerified: false }), JULY_MORNING);
    assert.equal(asked, 0);
    assert.equal(target.language, 'zh');
    assert.equal(target.desk, 'general');
    assert.match(target.reasons.map((r) => r.text).join(' '), /未经验证/);
  });

  it('routes without history when the history source fails', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (s: string) => void lines.push(s) });
    const history: CallerHistorySource = {
      routingFacts: () => Promise.reject(new Error('database is locked')),
    };
    const router = new Router(seedConfig, history, { logger });
    const { target } = await router.route(inbound({ dialledNumber: '12333', callerNumber: '13912345678' }), JULY_MORNING);
    assert.equal(target.desk, 'social-security');
    assert.match(target.reasons.map((r) => r.text).join(' '), /来电历史暂不可用/);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /"callId":"c\d+"/);
    assert.match(lines[0]!, /139\*\*\*\*5678/);
    assert.doesNotMatch(lines[0]!, /13912345678/);
  });

  it('does not wait for a history lookup past the deadline: routes on the number plan and counts the miss', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const misses: number[] = [];
      // A store that never answers (locked, or a PostgreSQL that accepts and stays silent).
      const history: CallerHistorySource = { routingFacts: () => new Promise(() => {}) };
      const router = new Router(seedConfig, history, { logger: silent, historyDeadlineMs: 50, onHistoryMiss: (ms) => misses.push(ms) });
      const routed = router.route(inbound({ dialledNumber: '12333', callerNumber: '13912345678' }), JULY_MORNING);
      let done = false;
      void routed.then(() => (done = true));
      await clock.tickAsync(49);
      assert.equal(done, false, 'still waiting before the deadline');
      await clock.tickAsync(1);
      const { target } = await routed;
      assert.equal(target.desk, 'social-security');
      assert.ok(target.reasons.some((r) => r.text === '来电历史暂不可用，未参考'));
      assert.deepEqual(misses, [50]);
      assert.deepEqual(router.lookupStats(), { misses: 1, lastMissAt: Date.now(), failures: 0, deadlineMs: 50 });
    } finally {
      clock.restore();
    }
  });

  it('uses history that arrives within the deadline', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const history: CallerHistorySource = {
        routingFacts: () => new Promise((resolve) => setTimeout(() => resolve({ tags: [], openRepeatComplaints: 0, language: 'kk', languageReason: '上次来电使用哈萨克语' }), 40)),
      };
      const router = new Router(seedConfig, history, { logger: silent, historyDeadlineMs: 50 });
      const routed = router.route(inbound({ dialledNumber: '12345', callerNumber: '13912345678' }), JULY_MORNING);
      await clock.tickAsync(40);
      const { target } = await routed;
      assert.equal(target.language, 'kk');
      assert.equal(router.lookupStats().misses, 0);
    } finally {
      clock.restore();
    }
  });

  it('logs unusable hint values from a trusted trunk and routes on', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (s: string) => void lines.push(s) });
    const router = new Router(seedConfig, new InMemoryHistory(), { logger });
    const { target } = await router.route(
      inbound({ hints: { language: 'fr', desk: 'parking<script>', acceptLanguage: 'de-DE;q=0.9' } }),
      JULY_MORNING,
    );
    assert.equal(target.language, 'zh');
    assert.equal(target.desk, 'general');
    assert.ok(!target.reasons.some((r) => r.source === 'sip-hint'));
    const log = lines.join('\n');
    assert.match(log, /X-Language \\"fr\\" is not a language of this centre/);
    assert.match(log, /X-Desk \\"parkingscript\\" is not a desk of this centre/);
    assert.match(log, /Accept-Language/);
  });

  it('an agent correction in the in-memory history routes the next call', async () => {
    const history = new InMemoryHistory();
    const router = new Router(seedConfig, history, { logger: silent });
    const before = await router.route(inbound({ callerNumber: '13512345678' }), JULY_MORNING);
    assert.equal(before.target.language, 'zh');
    history.setPreferredLanguage('13512345678', 'ko');
    const after = await router.route(inbound({ callerNumber: '13512345678' }), JULY_MORNING);
    assert.equal(after.target.language, 'ko');
    assert.equal(after.target.languageStrength, 'required');
    assert.match(after.target.reasons.map((r) => r.text).join(' '), /坐席已更正语言 → 需韩语坐席 \(ko\)/);
  });

  it('honours the time zone it is given for schedules', async () => {
    // 10:00 in Beijing is 22:00 the day before in New York (UTC-4 in July): after the legal desk's hours.
    const router = new Router(seedConfig, new InMemoryHistory(), { logger: silent, timeZone: 'America/New_York' });
    const { target } = await router.route(inbound({ hints: { desk: 'legal' } }), JULY_MORNING);
    assert.equal(target.desk, 'general');
  });
});
