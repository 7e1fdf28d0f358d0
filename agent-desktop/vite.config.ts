/**
 * Builds the agent desktop SPA (agent-desktop/src) into agent-desktop/dist, which the bridge serves at
 * `/` on its own port. `npm run build:desktop` runs this; `vite --config agent-desktop/vite.config.ts`
 * serves it for UI work with /api and /socket.io proxied to a bridge on :8080.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const bridge = process.env.BRIDGE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // The bridge fills in a fresh nonce per response (bridge/api/desktop-bundle.ts); the SPA hands it to
  // antd so its run-time <style> tags pass the CSP's style-src.
  html: { cspNonce: 'HOTLINE_CSP_NONCE' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Libraries in their own long-cacheable chunks: a desktop redeploy re-downloads only the app code.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor-antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+)[\\/]/, priority: 3 },
            { name: 'vendor-charts', test: /node_modules[\\/](recharts|d3-[a-z-]+|victory-vendor|lodash)[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': bridge,
      '/socket.io': { target: bridge, ws: true },
    },
  },
});
