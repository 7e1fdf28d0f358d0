/**
 * Everything only the ACTIVE bridge runs: the telephony connection, the call centre with its queue and
 * deadlines, the recorders, the pop, the metrics and (lab) the call generator. Started when this process
 * becomes active — at start-up on its own, or on winning the lease (HA) — and stopped on shutdown or
 * when it loses the lease.
 *
 * Start-up order matters: what the centre decided is restored and today's figures are read BEFORE the
 * telephony starts, so no call is routed on forgotten state; contacts an unclean stop left open are
 * closed once the live calls (adopted ones included) are known, so none of those is closed by mistake.
 */
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { HotlineConfig } from '../config/schema.js';
import { Router as CallRouter } from '../routing/router.js';
import { CallCenterService } from '../calls/call-center.js';
import { startOfDay } from '../calls/wallboard-stats.js';
import { CallRecorder } from '../history/call-recorder.js';
import { warmStoreReads } from './warm-store-reads.js';
import { WorkOrderClient } from '../history/work-order-client.js';
import { StorePopAssembler } from '../pop/store-pop-assembler.js';
import type { DeadlineMisses } from '../pop/deadline-misses.js';
import { CentreStateRecorder } from '../home-seat/centre-state-recorder.js';
import { createHotlineMetrics } from '../metrics/hotline-metrics.js';
import { systemClock } from '../domain/clock.js';
import type { Store } from '../store/store-api.js';
import type { Hub } from '../hub/index.js';
import { DEMO_CALLERS } from '../../fixtures/history/index.js';
import type { TelephonyPort } from '../../telephony/telephony-port.js';
import { LabSwitch } from '../../telephony/lab/lab-switch.js';
import { createDrachtioTelephony, checkSecrets } from '../../telephony/drachtio/index.js';
import { callCentreDrainTarget, type DrainTarget } from './shutdown-drain.js';
import { SHIPPED_PHRASES_FILE, SHIPPED_PROMPTS_DIR, loadPhraseCatalogue } from '../announce/phrase-catalogue.js';

export interface ActiveCentreOptions {
  config: HotlineConfig;
  logger: Logger;
  store: Store;
  hub: Hub;
  /** Override the lab generator's rate (tests use 0: only staged calls). */
  labArrivalsPerMinute?: number;
  /** The pop's store-deadline misses are counted here (for /healthz). */
  popMisses?: DeadlineMisses;
  /**
   * Seats somebody holds a live session for (lab): they count as attended from the first instant, before
   * any call is placed, so the simulator never answers a seat whose person's desktop is still reconnecting.
   */
  seatsWithSessions?: () => Promise<string[]>;
}

export interface ActiveCentre {
  readonly callCenter: CallCenterService;
  readonly telephony: TelephonyPort;
  readonly lab?: LabSwitch;
  readonly registry: Registry;
  /** Routing's history-lookup figures (deadline misses, failures). */
  readonly routing: Pick<CallRouter, 'lookupStats'>;
  /** What a shutdown drain works on. */
  readonly drainTarget: DrainTarget;
  /**
   * Stops everything this centre runs: timers, subscriptions and connections. `endCalls` (shutdown):
   * the calls still live are ended first, each with a logged reason and recorded; without it (lost the
   * lease) they are left to the switch, for the bridge taking over to adopt.
   */
  stop(o: { endCalls: boolean; reason: string }): Promise<void>;
}

export function makeTelephony(config: HotlineConfig, logger: Logger): { telephony: TelephonyPort; lab?: LabSwitch } {
  const t = config.telephony;
  if (t.mode === 'drachtio') {
    const opts = {
      drachtio: t.drachtio,
      freeswitch: t.freeswitch,
      trustedTrunks: config.trustedTrunks,
      recordingsDir: resolve(t.recordingsDir),
      holdMusic: t.holdMusic,
      promptsDir: config.announce.promptsDir ? resolve(config.announce.promptsDir) : SHIPPED_PROMPTS_DIR,
      outboundGateway: t.outboundGateway,
      answerCaller: t.answerCaller,
      reconnectMaxDelayMs: t.reconnectMaxDelayMs,
      commandTimeoutMs: t.commandTimeoutMs,
      controlLossGraceMs: t.controlLossGraceMs,
      reconcileIntervalMs: t.reconcileIntervalMs,
      codecs: t.codecs,
      endpointPool: t.endpointPool,
      logger: logger.child({ component: 'telephony' }),
    };
    // Refuse to run a real hotline on the well-known default secrets.
    checkSecrets(opts);
    return { telephony: createDrachtioTelephony(opts) };
  }
  const lab = new LabSwitch({
    clock: systemClock,
    logger: logger.child({ component: 'lab-switch' }),
    seed: t.lab.seed,
    seatAnswerDelayMs: t.lab.seatAnswerDelayMs,
    noAnswerProbability: t.lab.noAnswerProbability,
    talkSeconds: t.lab.talkSeconds,
    trustedTrunkName: config.trustedTrunks[0]?.name ?? 'lab-trunk',
  });
  return { telephony: lab, lab };
}

export async function startActiveCentre(o: ActiveCentreOptions): Promise<ActiveCentre> {
  const { config, logger, store, hub } = o;
  const log = logger.child({ component: 'active-centre' });
  const labMode = config.telephony.mode === 'lab';
  const { telephony, lab } = makeTelephony(config, logger);
  const closers: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const c of closers.splice(0)) {
      try {
        await c();
      } catch (err) {
        log.warn({ err }, 'error while stopping the active centre');
      }
    }
  };

  try {
    // A slow or locked store never holds a call: past the deadline it is routed without history.
    const router = new CallRouter(config, store.history, {
      logger: logger.child({ component: 'routing' }),
      historyDeadlineMs: config.store.routingDeadlineMs,
      onHistoryMiss: (ms) => store.noteDeadlineMiss('routing', ms),
    });
    const callCenter = new CallCenterService({
      config,
      telephony,
      route: (call, now) => router.route(call, now),
      clock: systemClock,
      logger: logger.child({ component: 'call-center' }),
      autoLoginSeats: labMode,
      // Read once at start: a broken catalogue stops the start with the file and the path at fault.
      ...(config.announce.enabled ? { phrases: loadPhraseCatalogue(config.announce.phrasesFile ? resolve(config.announce.phrasesFile) : SHIPPED_PHRASES_FILE) } : {}),
    });
    closers.push(() => callCenter.close());

    // 1. What the centre decided, before any call is routed.
    const restored = callCenter.restore(await store.centreState.load());
    log.info({ restored: restored.summary }, `restored: ${restored.summary}`);
    for (const problem of restored.problems) log.error({ problem }, `restore: ${problem}`);

    // 2. Today's wallboard figures from the store.
    const now = Date.now();
    callCenter.primeToday(await store.contactFigures({ from: startOfDay(now), to: now + 1, answeredWithinMs: config.serviceLevel.answerWithinSeconds * 1000 }));
    callCenter.primeServiceLevel(await store.settledContacts({ from: callCenter.serviceLevelPrimeFrom(), to: now + 1 }));

    // 3. Everything that follows the call centre, subscribed before the first call.
    const recorder = new CallRecorder({ store, callCenter, logger: logger.child({ component: 'recorder' }) });
    closers.unshift(async () => {
      recorder.stop();
      // Pending writes get a moment; what the store does not take waits in the journal for the next start.
      await recorder.flush({ timeoutMs: config.store.writeBehind.closeTimeoutMs });
    });
    const centreState = new CentreStateRecorder({ writes: store.writes, logger: logger.child({ component: 'centre-state' }) });
    centreState.attach(callCenter);
    closers.unshift(() => centreState.stop());
    const ext = config.history.externalWorkOrders;
    const pop = new StorePopAssembler({
      store,
      config,
      workOrders: ext ? new WorkOrderClient(ext) : undefined,
      logger: logger.child({ component: 'pop' }),
      ...(o.popMisses ? { misses: o.popMisses } : {}),
    });
    const metrics = createHotlineMetrics(callCenter, { telephony: () => telephony.health(), store: () => store.writes.stats(), routing: () => router.lookupStats() });
    closers.unshift(() => metrics.detach());
    // Lab: a seat with a live session is its person's before the first call (the generator starts below,
    // the simulated phones answer within seconds — a desktop reconnecting after the restart is slower).
    const expectSeats = labMode && o.seatsWithSessions ? await o.seatsWithSessions() : [];
    await hub.attach({ callCenter, pop, expectSeats });
    closers.unshift(() => hub.detach());

    // The first caller is routed with their history, not past a cold store's deadline.
    await warmStoreReads(store, config, log);

    // 4. Calls: the telephony starts, then the calls a dead predecessor left on the switch are adopted
    //    (waiting ones back in the queue at their first place, talking ones on their seats).
    await telephony.start();
    let leaveCalls = false;
    closers.unshift(() => telephony.stop({ leaveCalls }));
    const adopted = await callCenter.adoptCalls(await telephony.recoverCalls());
    if (adopted.requeued + adopted.connected + adopted.hungUp + adopted.unclaimed > 0)
      log.warn({ adopted }, `took over calls left on the switch: ${adopted.requeued} waiting re-queued, ${adopted.connected} talking kept, ${adopted.hungUp} ended, ${adopted.unclaimed} unclaimed channel(s) hung up`);

    // 5. Contacts an unclean stop left open: every one not live here now is over.
    const live = callCenter.liveCalls().map((c) => c.id);
    const closed = await store.closeInterruptedContacts(live);
    if (closed.length) {
      log.warn({ interrupted: closed.length }, `closed ${closed.length} contact(s) left open by an unclean stop as interrupted`);
      await store.appendAudit({ at: Date.now(), actor: 'system', action: 'contacts-interrupted', detail: { count: closed.length } });
    }

    if (lab) {
      const rate = o.labArrivalsPerMinute ?? config.telephony.lab.arrivalsPerMinute;
      if (rate > 0) {
        const known = await store.sampleCallerNumbers(200);
        const gen = lab.startGenerator({
          arrivalsPerMinute: rate,
          languageMix: config.telephony.lab.languageMix,
          didMix: Object.keys(config.telephony.lab.didMix).length
            ? config.telephony.lab.didMix
            : Object.fromEntries(config.numberPlan.map((e) => [e.did, e.emergency ? 1 : 10])),
          patienceSeconds: config.telephony.lab.patienceSeconds,
          callerPool: [...Object.values(DEMO_CALLERS), ...known],
        });
        closers.unshift(() => gen.stop());
      }
    }

    const drainTarget = callCentreDrainTarget(callCenter, telephony, log);

    return {
      callCenter,
      telephony,
      lab,
      registry: metrics.registry,
      routing: router,
      drainTarget,
      async stop({ endCalls, reason }) {
        if (endCalls && callCenter.liveCalls().length) await drainTarget.endRemaining(reason);
        // A bridge that lost the lease lets go without a word: the one taking over adopts the calls.
        leaveCalls = !endCalls;
        await closeAll();
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
