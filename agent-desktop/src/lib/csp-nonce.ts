/**
 * The page's CSP nonce and the <style> tags that need it.
 *
 * The bridge sends `style-src 'self' 'nonce-…'` with a fresh nonce per page load and writes the same
 * nonce into `<meta property="csp-nonce">` (bridge/api/desktop-bundle.ts). antd's CSS-in-JS is handed
 * the nonce through ConfigProvider `csp`; a few helpers underneath it (rc-util's scrollbar measurement
 * for tables, for one) create <style> tags without any way to pass a nonce. `installStyleNonce` gives
 * every <style> element *created by script* the nonce. That keeps the policy's point: markup injected
 * through the HTML parser (the attack a CSP guards against) never passes through createElement, so an
 * injected <style> is still refused; only code the page already runs (script-src 'self') is trusted.
 */
const PLACEHOLDER = 'HOTLINE_CSP_NONCE';

/** Browsers hide a nonce *attribute* from the DOM once parsed; the `nonce` property still holds it. */
export function cspNonce(doc: Document | undefined = globalThis.document): string | undefined {
  const meta = doc?.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  const value = meta?.nonce || meta?.getAttribute('nonce') || '';
  // The placeholder means the page was not served by the bridge (Vite's dev server): no nonce to give.
  return value && value !== PLACEHOLDER ? value : undefined;
}

export function installStyleNonce(doc: Document | undefined = globalThis.document): void {
  const nonce = cspNonce(doc);
  if (!doc || !nonce) return;
  const proto = Object.getPrototypeOf(doc) as Document & { styleNonceInstalled?: boolean };
  if (proto.styleNonceInstalled) return;
  proto.styleNonceInstalled = true;
  // Some icons (antd's LoginOutlined among them) carry an empty <defs><style/></defs>: SVG styles too.
  const withNonce = <E extends Element>(el: E): E => {
    if (el.localName === 'style' && 'nonce' in el) (el as unknown as HTMLOrSVGElement).nonce = nonce;
    return el;
  };
  const create = proto.createElement;
  proto.createElement = function (this: Document, tag: string, options?: ElementCreationOptions) {
    return withNonce(create.call(this, tag, options));
  } as typeof create;
  const createNS = proto.createElementNS;
  proto.createElementNS = function (this: Document, ns: string | null, qualifiedName: string, options?: ElementCreationOptions | string) {
    return withNonce((createNS as (...a: unknown[]) => Element).call(this, ns, qualifiedName, options));
  } as typeof createNS;
}
