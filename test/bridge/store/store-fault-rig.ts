/**
 * A bridge in this process (lab switch, SQLite in a temp folder) with a recorder of its own: every call
 * event and audit entry the call centre emits is captured, so a test can check afterwards that each of
 * them is in the store exactly once. Calls are placed on the lab switch directly at a fixed rate.
 */
import { strict as assert } from 'node:assert';
import path from 'node:path';
import { startBridge, type StartedBridge } from '../../../bridge/main.js';
import type { AuditEntry, CallCenterEvent } from '../../../bridge/calls/call-center-api.js';
import { SeatState } from '../../../bridge/calls/call-center-api.js';
import { SQLITE_FILE } from '../../../bridge/store/index.js';
import { writeTestConfig } from '../../support/product-process.js';

export const HISTORY_UNAVAILABLE = '来电历史暂不可用，未参考';

type CallEvent = Extract<CallCenterEvent, { type: 'call' }>;

export interface FaultRig {
  bridge: StartedBridge;
  sqliteFile: string;
  /** Call events by call id, in order. */
  events: CallEvent[];
  audits: AuditEntry[];
  placed: string[];
  /** Places `n` calls to 12333 (social-security desk) at `perSecond`, with an audit entry each second. */
  placeCalls(n: number, perSecond: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultRig(dir: string, store: Record<string, unknown> = {}): Promise<FaultRig> {
  const configPath = writeTestConfig(dir, { store: { seedContacts: 300, degradedWindowMs: 1000, ...store } });
  const bridge = await startBridge({ configPath, dataDir: path.join(dir, 'store'), port: 0, host: '127.0.0.1', env: { LOG_LEVEL: 'silent' }, labArrivalsPerMinute: 0 });
  const events: CallEvent[] = [];
  const audits: AuditEntry[] = [];
  const placed: string[] = [];
  const off = bridge.callCenter.on((e) => {
    if (e.type === 'call') events.push(e);
    else if (e.type === 'audit') audits.push(e.entry);
  });
  const known = await bridge.store.sampleCallerNumbers(50);
  assert.ok(known.length > 0, 'the lab store is seeded with callers');
  let toggle = 0;
  return {
    bridge,
    sqliteFile: path.join(dir, 'store', SQLITE_FILE),
    events,
    audits,
    placed,
    async placeCalls(n, perSecond) {
      for (let i = 0; i < n; i++) {
        placed.push(bridge.lab!.placeCall({ callerNumber: known[i % known.length]!, dialledNumber: '12333', talkSeconds: 0.5, patienceSeconds: 60 }));
        if (i % perSecond === 0) {
          // A lead's action: one audit entry (S72 is forced between Not Ready and Available).
          bridge.callCenter.forceSeatState('lead1', 'S72', toggle++ % 2 === 0 ? SeatState.NotReady : SeatState.Available, 'training');
        }
        await new Promise((r) => setTimeout(r, 1000 / perSecond));
      }
    },
    async close() {
      off();
      await bridge.close();
    },
  };
}

/** Every captured call event, contact and audit entry is in the store exactly once. */
export async function assertAllStored(rig: FaultRig): Promise<{ events: number; contacts: number; audits: number }> {
  const db = rig.bridge.store.db;
  const ids = [...new Set(rig.events.map((e) => e.call.id))];
  const rows = ids.length ? await db.selectFrom('contact_events').select(['call_id', 'kind', 'at']).where('call_id', 'in', ids).execute() : [];
  const key = (id: string, kind: string, at: number) => `${id}|${kind}|${at}`;
  const stored = new Map<string, number>();
  for (const r of rows) stored.set(key(r.call_id, r.kind, Number(r.at)), (stored.get(key(r.call_id, r.kind, Number(r.at))) ?? 0) + 1);
  const emitted = new Map<string, number>();
  for (const e of rig.events) emitted.set(key(e.call.id, e.kind, e.at), (emitted.get(key(e.call.id, e.kind, e.at)) ?? 0) + 1);
  const missing = [...emitted].filter(([k, n]) => (stored.get(k) ?? 0) < n).map(([k]) => k);
  const twice = [...emitted].filter(([k, n]) => (stored.get(k) ?? 0) > n).map(([k]) => k);
  assert.deepEqual(missing, [], 'every call event is in the store');
  assert.deepEqual(twice, [], 'no call event is in the store twice');

  const contacts = ids.length ? await db.selectFrom('contacts').select(['call_id', 'language', 'desk']).where('call_id', 'in', ids).execute() : [];
  assert.equal(contacts.length, ids.length, 'every call has its contact row');
  assert.deepEqual(contacts.filter((c) => c.language === null || c.desk === null).map((c) => c.call_id), [], 'contact rows carry language and desk');

  const audit = await db.selectFrom('audit_log').select(['at', 'actor', 'action']).where('action', '=', 'force-seat-state').execute();
  const auditKeys = audit.map((a) => `${Number(a.at)}|${a.actor}|${a.action}`).sort();
  const wanted = rig.audits.filter((a) => a.action === 'force-seat-state').map((a) => `${a.at}|${a.actor}|${a.action}`).sort();
  assert.deepEqual(auditKeys, wanted, 'every audit entry is in the store once');
  return { events: rows.length, contacts: contacts.length, audits: audit.length };
}

/** Polls `check` every 50 ms until it holds (the mocha timeout bounds the wait). */
export async function until(check: () => boolean | Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
