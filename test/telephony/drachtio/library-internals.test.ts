/**
 * The adapter reaches past the public API of drachtio-srf, drachtio-fsmrf and drachtio-modesl in a few
 * documented places (telephony/drachtio/library-internals.ts, media-connection.ts). Those libraries are
 * pinned to exact versions; this test fails loudly when an upgrade changes what the adapter relies on,
 * so the upgrade is a decision, not an accident.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import SrfModule from 'drachtio-srf';
import esl from 'drachtio-modesl';
import MediaServer from 'drachtio-fsmrf/lib/mediaserver.js';
import { currentSocket, indexEslEventHeaders, rebindDialogs } from '../../../telephony/drachtio/library-internals.js';
import { endpointAlive, type SrfLike } from '../../../telephony/drachtio/library-types.js';
import { DrachtioServerDouble } from '../../../fixtures/doubles/drachtio-server-double.js';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
const PINNED = { 'drachtio-srf': '5.0.29', 'drachtio-fsmrf': '4.1.2', 'drachtio-modesl': '1.3.1' } as const;

interface EslEventApi {
  headers: { name: string; value: unknown }[];
  getHeader(name: string): unknown;
  addHeader(name: string, value: unknown): unknown;
  delHeader(name: string): unknown;
  firstHeader(): string;
  serialize(format: string): string;
  getBody(): string;
}

function source(mod: string): string {
  return readFileSync(require.resolve(mod), 'utf8');
}

describe('drachtio library internals the adapter relies on', function () {
  it('the libraries are pinned to the exact versions these checks were written for', () => {
    for (const [name, version] of Object.entries(PINNED)) {
      assert.equal(pkg.dependencies[name], version, `package.json must pin ${name} exactly (review library-internals.ts before changing it)`);
      const installed = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
      assert.equal(installed, version, `${name} ${installed} is installed; the adapter was checked against ${version}`);
    }
    assert.equal(pkg.dependencies.modesl, undefined, 'modesl is not used (drachtio-fsmrf brings drachtio-modesl)');
  });

  it('drachtio-srf: Srf keeps dialogs in _dialogs, the agent gives its socket, a Dialog sends on req.socket', async () => {
    const srf = new (SrfModule as unknown as new () => SrfLike & { _dialogs: unknown })();
    assert.ok(srf._dialogs instanceof Map, 'Srf#_dialogs is a Map');
    assert.equal(typeof srf.createUAC, 'function');
    assert.equal(typeof srf.createUAS, 'function');
    const socketGetter = Object.getOwnPropertyDescriptor((SrfModule as unknown as { Dialog: { prototype: object } }).Dialog.prototype, 'socket');
    assert.ok(socketGetter?.get, 'Dialog#socket is a getter');
    assert.match(String(socketGetter.get), /this\.req\.socket/, 'Dialog#socket reads req.socket (rebindDialogs rewrites it)');
    assert.match(source('drachtio-srf/lib/drachtio-agent.js'), /_getDefaultSocket\(\)/, 'the agent still has _getDefaultSocket');
    assert.match(source('drachtio-srf/lib/drachtio-agent.js'), /ENODIALOG/, 'drachtio-srf still tags a missing dialog ENODIALOG');

    const double = new DrachtioServerDouble({ secret: 's' });
    const { host, port } = await double.start();
    try {
      await new Promise<void>((resolve) => {
        srf.on('connect', () => resolve());
        srf.on('error', () => undefined);
        srf.connect({ host, port, secret: 's' });
      });
      assert.ok(currentSocket(srf), 'the current connection socket is reachable');
      assert.equal(rebindDialogs(srf), 0);
    } finally {
      srf.disconnect();
      await double.stop();
    }
  });

  it('drachtio-fsmrf: MediaServer can be built on our own connection, and says where its SIP profile listens', () => {
    assert.equal(typeof MediaServer, 'function');
    const src = source('drachtio-fsmrf/lib/mediaserver.js');
    assert.match(src, /constructor\(conn, mrf, listenAddress, listenPort, advertisedAddress, advertisedPort, profile\)/, 'MediaServer constructor signature');
    // create-channel.ts INVITEs the profile at the address fsmrf read from `sofia status` when it connected.
    assert.match(src, /this\.sip\.ipv4\.udp\.address = results\[1\]/, 'the profile address is kept in sip.ipv4.udp.address');
  });

  it('drachtio-modesl: reply callbacks are FIFO queues, reconnect state is where media-connection.ts resets it, bgapi exists', () => {
    const src = source('drachtio-modesl/lib/esl/Connection.js');
    assert.match(src, /this\.cmdCallbackQueue = \[\]/);
    assert.match(src, /this\.apiCallbackQueue = \[\]/);
    assert.match(src, /reconnectVars/);
    assert.match(src, /this\.closing/);
    const proto = (esl as unknown as { Connection: { prototype: Record<string, unknown> } }).Connection.prototype;
    assert.equal(typeof proto.bgapi, 'function');
    // switch-channel.ts sends `sendmsg <uuid>` with sendRecv: its reply is the next command/reply, in order.
    assert.equal(typeof proto.sendRecv, 'function');
    assert.match(src, /sendRecv = function\(command, args, cb\) \{[^}]*\}[^}]*this\.cmdCallbackQueue\.push\(cb\);/s);
    assert.match(src, /BACKGROUND_JOB::' \+ jobid/, 'bgapi replies are matched by Job-UUID');
  });

  it('drachtio-modesl: an event built from FreeSWITCH JSON reads, replaces and deletes headers as before once indexed', () => {
    const Event = (esl as unknown as { Event: new (h?: unknown, body?: string) => EslEventApi }).Event;
    assert.match(source('drachtio-modesl/lib/esl/Event.js'), /self\.addHeader\(key, type\[key\]\)/, 'the constructor adds headers one by one');
    const json: Record<string, string> = { 'Event-Name': 'CHANNEL_CALLSTATE', 'Unique-ID': 'u-1' };
    for (let i = 0; i < 300; i++) json[`variable_v${i}`] = `value ${i}`;
    indexEslEventHeaders(Event);
    indexEslEventHeaders(Event); // idempotent
    const e = new Event(json, 'the body');
    assert.equal(e.getHeader('Unique-ID'), 'u-1');
    assert.equal(e.getHeader('variable_v299'), 'value 299');
    assert.equal(e.getHeader('unique-id'), null, 'names are matched exactly, as before');
    assert.equal(e.headers.length, 302);
    assert.equal(e.firstHeader(), 'Event-Name', 'order kept');
    e.addHeader('Unique-ID', 'u-2');
    assert.equal(e.getHeader('Unique-ID'), 'u-2');
    assert.equal(e.headers.length, 302, 'a header of the same name is replaced, not added');
    e.delHeader('Unique-ID');
    assert.equal(e.getHeader('Unique-ID'), null);
    e.addHeader('Unique-ID', 'u-3');
    assert.equal(e.getHeader('Unique-ID'), 'u-3');
    assert.equal(e.headers.at(-1)?.name, 'Unique-ID', 'added again at the end');
    assert.equal((JSON.parse(e.serialize('json')) as Record<string, string>).variable_v7, 'value 7');
    assert.equal(e.getBody(), 'the body');
  });

  it('drachtio-fsmrf: Endpoint#connected is a getter (its delegated method of the same name is shadowed)', () => {
    const Endpoint = require('drachtio-fsmrf/lib/endpoint.js') as { prototype: object };
    const d = Object.getOwnPropertyDescriptor(Endpoint.prototype, 'connected');
    assert.equal(typeof d?.get, 'function', 'endpointAlive reads it as a boolean');
    const alive = Object.create(Endpoint.prototype) as { state: number };
    alive.state = 3; // State.CONNECTED
    assert.equal(endpointAlive(alive as never), true);
    const gone = Object.create(Endpoint.prototype) as { state: number };
    gone.state = 4; // State.DISCONNECTED
    assert.equal(endpointAlive(gone as never), false);
  });
});
