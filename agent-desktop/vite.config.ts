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
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // antd + recharts make one vendor chunk of ~1 MB before gzip; that is expected for a desk app.
    chunkSizeWarningLimit: 1600,
  },
  server: {
    proxy: {
      '/api': bridge,
      '/socket.io': { target: bridge, ws: true },
    },
  },
});
