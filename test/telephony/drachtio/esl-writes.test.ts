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
import { sendEslCommandsWhole } from '../../../telephony/drachtio/library-internals.js';

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

    // An outbound-mode connection (as fsmrf makes for every channel) sends `connect` as it is built.
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
