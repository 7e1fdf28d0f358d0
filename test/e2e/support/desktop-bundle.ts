/** The e2e tests need the built SPA; `npm test` builds it first, a lone e2e run builds it here. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const configFile = fileURLToPath(new URL('../../../agent-desktop/vite.config.ts', import.meta.url));
const index = fileURLToPath(new URL('../../../agent-desktop/dist/index.html', import.meta.url));

export async function ensureDesktopBuilt(): Promise<void> {
  if (existsSync(index) && !process.env.E2E_REBUILD) return;
  const { build } = await import('vite');
  await build({ configFile, logLevel: 'warn' });
}
