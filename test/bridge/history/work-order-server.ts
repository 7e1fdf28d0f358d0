/** A local stand-in for a 12345 work-order system on 127.0.0.1:0, whose behaviour each test sets. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  | { kind: 'json'; body: unknown; status?: number }
  | { kind: 'raw'; body: string; status?: number }
  | { kind: 'sleep'; ms: number };

export class WorkOrderServer {
  behaviour: Behaviour = { kind: 'json', body: [] };
  readonly requests: URL[] = [];
  private server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.requests.push(url);
    const b = this.behaviour;
    if (b.kind === 'sleep') {
      const t = setTimeout(() => res.end('[]'), b.ms);
      res.on('close', () => clearTimeout(t));
      return;
    }
    res.writeHead(b.status ?? 200, { 'content-type': 'application/json' });
    res.end(b.kind === 'json' ? JSON.stringify(b.body) : b.body);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
