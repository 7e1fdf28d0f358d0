/**
 * Which browser origins may open a desktop socket: the bridge's own (the request's Host) and the
 * configured `allowedOrigins`. A page on any other site is refused at the handshake, before a token is
 * even looked at (cross-site WebSocket hijacking).
 *
 * A request without an Origin header is not from a browser page (browsers always send it on WebSocket
 * and cross-origin requests): it is let through to the token check like any API client.
 */
export function normaliseOrigin(o: string): string | null {
  try {
    const u = new URL(o);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin.toLowerCase();
  } catch {
    return null;
  }
}

export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  const o = normaliseOrigin(origin);
  if (!o) return false; // "null" (sandboxed iframes, file://) and garbage
  if (host && new URL(o).host === host.toLowerCase()) return true;
  return allowed.some((a) => normaliseOrigin(a) === o);
}
