import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

// Built into dist/client and served by the Nest server at /. Everything is bundled: venues often
// have no internet, so no CDN and no external fonts.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [
    vue(),
    // The offline shell: a service worker (Workbox, generated) precaches the pages' HTML, scripts,
    // styles and every subset of the bundled font, so a tablet that reloads without network still
    // shows its page with every glyph. Registered from src/service-worker.ts; browsers run it only
    // on localhost or https (see README).
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: false,
      workbox: {
        // woff2 only: every browser with service workers reads woff2, the .woff copies are never fetched.
        globPatterns: ['**/*.{html,js,css,woff2,svg,png,ico}'],
        // A font subset is 10–80 kB, the largest script (the console's charts) about 0.5 MB.
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        // A new version takes over at once (no tab left on an old worker), but no page is reloaded
        // by it: see src/service-worker.ts.
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        // Client routes get the cached app shell; the API, the live channel and /health never do.
        navigateFallback: 'index.html',
        navigateFallbackAllowlist: [/^\/$/, /^\/judge\//, /^\/screen\//, /^\/live\//, /^\/admin(\/|$)/, /^\/verify\//, /^\/ballot\//],
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/socket\.io(\/|$)/, /^\/health(\/|$)/],
      },
    }),
  ],
  resolve: {
    // What crosses the wire (one contract with the server) and the scoring rules the tablet checks a value with.
    alias: {
      '@contracts': fileURLToPath(new URL('../src/contracts/index.ts', import.meta.url)),
      '@scoring': fileURLToPath(new URL('../src/scoring', import.meta.url)),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
    emptyOutDir: true,
    // ECharts (about 520 kB) is only in the organizers' review chunk; tablets and screens never load it.
    chunkSizeWarningLimit: 600,
  },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'happy-dom',
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/health': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
