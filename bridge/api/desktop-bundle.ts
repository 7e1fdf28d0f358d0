/**
 * Serving the built desktop (agent-desktop/dist) with the caching a deployment needs:
 *   /assets/*    content-hashed file names → `Cache-Control: public, max-age=31536000, immutable`;
 *                a missing asset is a plain 404 (never index.html: a stale tab must not parse HTML as JS)
 *   index.html   `no-cache`, so a redeploy is picked up on the next load; served with this response's
 *                CSP nonce filled in (Vite's `html.cspNonce` placeholder, see agent-desktop/vite.config.ts)
 *   other paths  the SPA only for page navigations (GET, accepts HTML, no file extension); anything else 404
 */
import express, { Router, type Request, type Response } from 'express';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';

/** What Vite writes where the per-response nonce goes (agent-desktop/vite.config.ts `html.cspNonce`). */
export const CSP_NONCE_PLACEHOLDER = 'HOTLINE_CSP_NONCE';
const RESERVED = /^\/(api|socket\.io|assets)(\/|$)/;
const YEAR_SECONDS = 365 * 24 * 3600;

/** A navigation to a page of the app, as opposed to a script, a style, an API call or a probe for a file. */
function isAppNavigation(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (RESERVED.test(req.path)) return false;
  const last = req.path.split('/').pop() ?? '';
  if (last.includes('.')) return false;
  return req.accepts(['text/html', 'application/json']) === 'text/html';
}

export function desktopBundle(opts: { distDir: string; logger: Logger }): Router {
  const r = Router();
  const indexFile = join(opts.distDir, 'index.html');
  let cached: { mtimeMs: number; html: string } | undefined;
  const indexHtml = (): string | undefined => {
    try {
      const { mtimeMs } = statSync(indexFile);
      if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(indexFile, 'utf8') };
      return cached.html;
    } catch {
      return undefined;
    }
  };

  r.use(
    '/assets',
    express.static(join(opts.distDir, 'assets'), { index: false, immutable: true, maxAge: YEAR_SECONDS * 1000, fallthrough: true, redirect: false }),
    (_req: Request, res: Response) => void res.status(404).set('Cache-Control', 'no-store').type('text/plain').send('not found'),
  );

  const sendIndex = (_req: Request, res: Response) => {
    const html = indexHtml();
    if (!html) {
      opts.logger.warn({ dist: opts.distDir }, 'desktop bundle not built: run `npm run build:desktop` (npm start does it)');
      res.status(503).set('Cache-Control', 'no-store').type('text/plain').send('the desktop is not built yet (npm run build:desktop)');
      return;
    }
    const nonce = String(res.locals.cspNonce ?? '');
    res.status(200).set('Cache-Control', 'no-cache').type('html').send(html.split(CSP_NONCE_PLACEHOLDER).join(nonce));
  };

  r.get('/index.html', sendIndex);
  r.use((req: Request, res: Response, next) => {
    const read = req.method === 'GET' || req.method === 'HEAD';
    if ((req.path === '/' && read) || isAppNavigation(req)) return sendIndex(req, res);
    next();
  });
  // Other files Vite copies to the bundle's root (none today): revalidated, never immutable.
  r.use(express.static(opts.distDir, { index: false, maxAge: 0, redirect: false, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }));
  return r;
}
