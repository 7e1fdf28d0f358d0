/**
 * A throw-away redis-server on a port of the test's choosing (127.0.0.1 only, nothing saved), for tests
 * where Redis is down first and comes back later. `freePort()` finds a port nothing listens on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((ok) => srv.close(() => ok()));
  return port;
}

export class TempRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts redis-server and resolves once it accepts connections. */
  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let out = '';
    await new Promise<void>((ok, fail) => {
      child.once('error', fail);
      child.once('exit', (code) => fail(new Error(`redis-server exited (${code}): ${out}`)));
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('Ready to accept connections')) ok();
      });
    });
    child.removeAllListeners('exit');
  }

  /** Freezes the server (SIGSTOP): connections stay open and nothing is answered, as a stalled Redis. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise<void>((ok) => child.once('exit', () => ok()));
    child.kill('SIGKILL');
    await gone;
  }
}
