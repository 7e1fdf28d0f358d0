/**
 * Security headers on every response (helmet), with a Content-Security-Policy the desktop passes:
 *   script-src 'self'                 the bundle's module scripts only; no inline script, no eval
 *   style-src 'self' 'nonce-…'        the bundle's CSS file, plus the <style> tags antd's CSS-in-JS and
 *                                     its icons inject at run time: they carry this response's nonce
 *                                     (ConfigProvider `csp`, read from Vite's csp-nonce meta tag)
 *   connect-src 'self'                REST and the socket.io WebSocket to this origin
 *   frame-ancestors 'none' + X-Frame-Options DENY: no other site can frame the lead's centre switch
 * plus nosniff, Referrer-Policy no-referrer, COOP/CORP same-origin. upgrade-insecure-requests is left
 * out on purpose: centres often serve the desktop over plain HTTP on their LAN, where it would break
 * every asset.
 */
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export function securityHeaders(): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        scriptSrcAttr: ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  return [nonce, headers];
}
