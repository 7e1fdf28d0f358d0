import { strict as assert } from 'node:assert';
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuth, type Auth } from '../../../bridge/auth/index.js';
import { authRouter } from '../../../bridge/auth/auth-router.js';
import { requireRole } from '../../../bridge/auth/require-role.js';
import { hubConfig } from '../hub/support/hub-config.js';

const FAST = { N: 1024, r: 8, p: 1 };

describe('auth: REST routes and requireRole', () => {
  let server: Server;
  let base: string;
  let auth: Auth;

  const post = (path: string, body?: unknown, token?: string) =>
    fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string, token?: string) => fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const login = async (userId: string) => ((await (await post('/api/auth/login', { userId, password: 'hotline-lab' })).json()) as { token: string }).token;

  beforeEach(async () => {
    auth = createAuth(hubConfig(), { labMode: true, seedHashParams: FAST });
    const app = express();
    app.use(authRouter(auth));
    app.get('/api/leads-only', requireRole(auth, 'lead', 'admin'), (_req, res) => void res.json({ who: res.locals.user }));
    server = createServer(app);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise<void>((ok) => server.close(() => ok())));

  it('logs in with seat id and password, and /me answers with the user', async () => {
    const res = await post('/api/auth/login', { userId: 'A01', password: 'hotline-lab' });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { token: string; user: unknown };
    assert.deepEqual(body.user, { id: 'A01', name: '李娜', role: 'agent' });
    const me = (await (await get('/api/auth/me', body.token)).json()) as { user: { seatId: string } };
    assert.equal(me.user.seatId, 'A01');
  });

  it('rejects a wrong password with 401 and, after five, answers 429 with Retry-After', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await post('/api/auth/login', { userId: 'A02', password: 'nope' })).status, 401);
    const res = await post('/api/auth/login', { userId: 'A02', password: 'hotline-lab' });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '300');
  });

  it('rejects malformed login bodies with 400 and the field', async () => {
    const res = await post('/api/auth/login', { userId: 'A01' });
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(await res.json()), /password/);
    assert.equal((await post('/api/auth/login', { userId: 'A01', password: 'hotline-lab', admin: true })).status, 400);
  });

  it('requireRole: 401 without a token, 403 for an agent, 200 for a lead', async () => {
    assert.equal((await get('/api/leads-only')).status, 401);
    assert.equal((await get('/api/leads-only', 'not-a-real-token-but-long-enough')).status, 401);
    assert.equal((await get('/api/leads-only', await login('A01'))).status, 403);
    const ok = await get('/api/leads-only', await login('lead1'));
    assert.equal(ok.status, 200);
    assert.deepEqual(((await ok.json()) as { who: unknown }).who, { id: 'lead1', name: '王丽', role: 'lead' });
  });

  it('logout ends the session', async () => {
    const token = await login('A01');
    assert.equal((await post('/api/auth/logout', undefined, token)).status, 204);
    assert.equal((await get('/api/auth/me', token)).status, 401);
  });

  it('a lead lists sessions and revokes an agent; the agent token stops working; agents cannot list', async () => {
    const agent = await login('A01');
    const lead = await login('lead1');
    assert.equal((await get('/api/sessions', agent)).status, 403);
    const list = (await (await get('/api/sessions', lead)).json()) as { id: string; user: { id: string }; current: boolean }[];
    assert.equal(list.length, 2);
    assert.ok(!JSON.stringify(list).includes(agent), 'tokens are never listed');
    const target = list.find((s) => s.user.id === 'A01')!;
    assert.equal((await post(`/api/sessions/${target.id}/revoke`, undefined, agent)).status, 403);
    assert.equal((await post(`/api/sessions/${target.id}/revoke`, undefined, lead)).status, 204);
    assert.equal((await get('/api/auth/me', agent)).status, 401);
    assert.equal((await post(`/api/sessions/${target.id}/revoke`, undefined, lead)).status, 404);
  });
});
