// The web app's build, shared by the standalone host (which builds it on start when the output
// is missing or stale, through build.mjs) and `npx vite --config services/web/vite.config.mjs`
// for development against a platform running on :3000.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const platform = process.env.WAYBILL_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  resolve: {
    // Types only (the app imports nothing else from the workspace), so this costs no bytes.
    alias: { '@waybill/contracts': here('../../libs/contracts/src/index.ts') },
  },
  build: {
    outDir: here('dist/app'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/api': platform,
      '/socket.io': { target: platform, ws: true },
    },
  },
  logLevel: 'warn',
});
