/**
 * Collects Content-Security-Policy violations a page reports (the `securitypolicyviolation` event),
 * so an e2e run can assert the desktop works under the bridge's CSP. The listener is added through
 * the browser's debugging protocol, which the page's CSP does not govern.
 */
import type { BrowserContext } from 'playwright-core';

export async function watchCsp(ctx: BrowserContext, into: string[]): Promise<void> {
  await ctx.exposeBinding('__reportCspViolation', (_src, line: string) => void into.push(line));
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCspViolation?: (l: string) => void }).__reportCspViolation;
      report?.(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`);
    });
  });
}
