/**
 * Security headers and caching of the bridge's HTTP side (issue 9): the real express app with real
 * auth, over a small desktop bundle written to a temp folder the way Vite lays one out.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createAuth } from '../../../bridge/auth/index.js';
import { requireRole } from '../../../bridge/auth/require-role.js';
import { answerQuery } from '../../../bridge/hub/hub-backend.js';
import { createHttpApp } from '../../../bridge/api/http-app.js';
import { Rig } from '../calls/call-center-fixture.js';
import { hubConfig } from '../hub/support/hub-config.js';

const INDEX = `<!doctype html><html><head>
<meta property="csp-nonce" nonce="HOTLINE_CSP_NONCE">
<script type="module" crossorigin src="/assets/index-AbC123.js" nonce="HOTLINE_CSP_NONCE"></script>
<link rel="stylesheet" href="/assets/index-DeF456.css" nonce="HOTLINE_CSP_NONCE">
</head><body><div id="root"></div></body></html>`;

describe('http app: security headers and caching', () => {
  let server: Server;
  let base: string;
  let dist: string;
  let rig: Rig;

  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'hotline-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-AbC123.js'), 'console.log("desk")');
    writeFileSync(join(dist, 'assets', 'index-DeF456.css'), 'body{margin:0}');
    rig = new Rig();
    const auth = createAuth(hubConfig(), { labMode: true, seedHashParams: { N: 1024, r: 8, p: 1 } });
    const app = createHttpApp({
      auth,
      guard: (...roles) => requireRole(auth, ...roles),
      reads: { query: async (q) => answerQuery(rig.cc, q) },
      health: { telephony: () => ({ ok: true, mode: 'lab' }) as never, store: () => ({ ok: true, backend: 'sqlite' }) },
      registry: new Registry(),
      startedAt: Date.now(),
      distDir: dist,
      logger: pino({ level: 'silent' }),
    });
    server = createServer(app);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
    rig.cc.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const page = (path: string) => fetch(base + path, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

  /** The headers every response carries, whatever it is. */
  function assertSecurityHeaders(res: Response, what: string) {
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors 'none'/, what);
    assert.match(csp, /script-src 'self'(;|$)/, `${what}: scripts from this origin only`);
    assert.match(csp, /object-src 'none'/, what);
    assert.match(csp, /base-uri 'none'/, what);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|upgrade-insecure-requests/, what);
    assert.equal(res.headers.get('x-frame-options'), 'DENY', what);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer', what);
    assert.equal(res.headers.get('x-powered-by'), null, what);
  }

  it('/ is the desktop: no-cache, every header, a fresh CSP nonce that matches the page', async () => {
    const a = await page('/');
    const b = await page('/');
    assert.equal(a.status, 200);
    assertSecurityHeaders(a, '/');
    assert.equal(a.headers.get('cache-control'), 'no-cache');
    const html = await a.text();
    const nonce = /style-src 'self' 'nonce-([A-Za-z0-9+/=]{16,})'/.exec(a.headers.get('content-security-policy')!)?.[1];
    assert.ok(nonce, 'style-src carries a nonce');
    assert.ok(html.includes(`<meta property="csp-nonce" nonce="${nonce}">`), 'the page carries the same nonce');
    assert.doesNotMatch(html, /HOTLINE_CSP_NONCE/);
    const other = /'nonce-([^']+)'/.exec(b.headers.get('content-security-policy')!)?.[1];
    assert.notEqual(other, nonce, 'a new nonce per response');
    await b.text();
  });

  it('a hashed asset is cached for a year, immutable, with the right type', async () => {
    const res = await fetch(base + '/assets/index-AbC123.js');
    assert.equal(res.status, 200);
    assertSecurityHeaders(res, 'asset');
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
    assert.equal(await res.text(), 'console.log("desk")');
  });

  it('a missing asset is a 404, never the desktop page', async () => {
    for (const path of ['/assets/index-OLD999.js', '/assets/', '/assets/sub/index-AbC123.js', '/favicon.ico', '/robots.txt']) {
      const res = await page(path);
      assert.equal(res.status, 404, path);
      assertSecurityHeaders(res, path);
      assert.doesNotMatch(await res.text(), /<div id="root">/, `${path} is not the SPA`);
      assert.notEqual(res.headers.get('cache-control'), 'public, max-age=31536000, immutable', path);
    }
  });

  it('/api/*: unknown paths are JSON 404s, protected ones 401 with the reason, every header set', async () => {
    const unknown = await page('/api/no-such-thing');
    assert.equal(unknown.status, 404);
    assertSecurityHeaders(unknown, '/api/no-such-thing');
    assert.deepEqual(await unknown.json(), { error: 'not-found' });
    const locked = await fetch(base + '/api/wallboard');
    assert.equal(locked.status, 401);
    assertSecurityHeaders(locked, '/api/wallboard');
    assert.equal(((await locked.json()) as { reason: string }).reason, 'missing');
    const dead = await fetch(base + '/api/wallboard', { headers: { authorization: `Bearer ${'a'.repeat(43)}` } });
    assert.equal(((await dead.json()) as { reason: string }).reason, 'unknown');
  });

  it('the SPA answers page navigations only: not other methods, not JSON requests, not files', async () => {
    const nav = await page('/lead/wallboard');
    assert.equal(nav.status, 200);
    assert.match(await nav.text(), /<div id="root">/);
    assert.equal((await fetch(base + '/lead/wallboard', { headers: { accept: 'application/json' } })).status, 404);
    assert.equal((await fetch(base + '/', { method: 'POST' })).status, 404);
    assert.equal((await page('/socket.io/whatever')).status, 404);
    assert.equal((await page('/config.json')).status, 404);
  });
});
