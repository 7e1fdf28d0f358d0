/**
 * Every event-socket command leaves in one write with Nagle's algorithm off (library-internals.ts, 4).
 * drachtio-modesl wrote a command as several small writes on a Nagle socket, so each command's tail
 * waited for FreeSWITCH's delayed acknowledgement: call set-up through the adapter ran at about 4
 * calls/s one call at a time, against about 30 with whole writes (`npx tsx test/bench/call-setup.bench.ts
 * --only=adapter --concurrency 1`). Checked here on a real loopback socket.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import esl from 'drachtio-modesl';
import { eslCommandText, sendEslCommandsWhole } from '../../../telephony/drachtio/library-internals.js';

type EslConn = { send(command: string, args?: Record<string, string>): void; on(ev: string, fn: (err: unknown) => void): void; socket: net.Socket | null };
const Connection = esl.Connection as unknown as new (socket: net.Socket) => EslConn;

describe('event-socket commands leave whole', function () {
  let server: net.Server;
  let received = '';
  let client: net.Socket;

  beforeEach(async () => {
    received = '';
    server = net.createServer((sock) => sock.on('data', (d) => (received += d.toString())));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    client = net.connect(port, '127.0.0.1');
    await new Promise<void>((r) => client.once('connect', () => r()));
  });

  afterEach(async () => {
    client.destroy();
    await new Promise((r) => server.close(r));
  });

  it('one write per command, headers included, with Nagle off on the socket', async () => {
    sendEslCommandsWhole(esl.Connection);
    sendEslCommandsWhole(esl.Connection); // idempotent: installed once per process
    const writes: string[] = [];
    const noDelay: unknown[] = [];
    const write = client.write.bind(client) as (d: string) => boolean;
    client.write = ((d: string) => {
      writes.push(String(d));
      return write(d);
    }) as typeof client.write;
    const setNoDelay = client.setNoDelay.bind(client);
    client.setNoDelay = ((v?: boolean) => {
      noDelay.push(v);
      return setNoDelay(v);
    }) as typeof client.setNoDelay;

    // A connection built on a socket (outbound mode) sends `connect` as it is built.
    const conn = new Connection(client);
    conn.send('sendmsg', { 'call-command': 'execute', 'execute-app-name': 'answer', 'event-lock': 'true' });
    conn.send('api uuid_bridge a b');

    const expected = ['connect\n\n', 'sendmsg\ncall-command: execute\nexecute-app-name: answer\nevent-lock: true\n\n', 'api uuid_bridge a b\n\n'];
    assert.deepEqual(writes, expected);
    assert.deepEqual(noDelay, [true], 'Nagle switched off once, before the first command');
    const deadline = Date.now() + 2000;
    while (received.length < expected.join('').length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.equal(received, expected.join(''), 'FreeSWITCH reads exactly the commands, in order');
  });

  it('a long app argument goes as the body: FreeSWITCH reads headers a byte per system call', () => {
    const uuid = '5d0f3a2e-8c1b-4e7d-9a6f-2b3c4d5e6f70';
    const path = 'file_string:///var/lib/hotline/prompts/kk/queue-position.wav!/var/lib/hotline/prompts/kk/digit-3.wav';
    const exec = { 'execute-app-name': 'playback', 'execute-app-arg': path, 'call-command': 'execute', 'Event-UUID': 'e1' };
    const compact = eslCommandText(`sendmsg ${uuid}`, exec);
    assert.equal(
      compact,
      `sendmsg ${uuid}\nexecute-app-name: playback\ncall-command: execute\nEvent-UUID: e1\ncontent-type: text/plain\ncontent-length: ${Buffer.byteLength(path)}\n\n${path}`,
    );
    const headerBytes = (t: string) => t.indexOf('\n\n');
    const before = `sendmsg ${uuid}\n${Object.entries(exec).map(([k, v]) => `${k}: ${v}\n`).join('')}\n`;
    assert.ok(headerBytes(compact) < headerBytes(before) - 40, `${headerBytes(compact)} header bytes, was ${headerBytes(before)}`);
    // A short argument stays a header; other commands are left as they are.
    assert.equal(eslCommandText(`sendmsg ${uuid}`, { 'execute-app-name': 'answer', 'execute-app-arg': 'x' }), `sendmsg ${uuid}\nexecute-app-name: answer\nexecute-app-arg: x\n\n`);
    assert.equal(eslCommandText('api uuid_bridge a b', undefined), 'api uuid_bridge a b\n\n');
  });

  it("the FreeSWITCH double reads a command's body however its bytes arrive", async () => {
    const { EslCommandDecoder } = await import('../../../fixtures/doubles/esl-wire.js');
    const text = eslCommandText('sendmsg', { 'execute-app-name': 'playback', 'execute-app-arg': 'tone_stream://%(1000,4000,450,425);loops=-1;rate=8000 ☎', 'call-command': 'execute' });
    const d = new EslCommandDecoder();
    const bytes = Buffer.from(text + 'api status\n\n');
    // Split inside the body (and inside a multi-byte character): the command waits for the rest.
    const cut = bytes.length - 15;
    assert.deepEqual(d.push(bytes.subarray(0, cut)), []);
    const [cmd, next] = d.push(bytes.subarray(cut));
    assert.equal(cmd?.body, 'tone_stream://%(1000,4000,450,425);loops=-1;rate=8000 ☎');
    assert.equal(cmd?.headers['execute-app-arg'], undefined);
    assert.equal(next?.line, 'api status');
  });

  it('a command on a closed socket becomes an error event, as before, not a throw', () => {
    sendEslCommandsWhole(esl.Connection);
    const conn = new Connection(client);
    const errors: unknown[] = [];
    conn.on('error', (err) => errors.push(err));
    conn.socket = null;
    assert.doesNotThrow(() => conn.send('api status'));
    assert.equal(errors.length, 1);
  });
});
