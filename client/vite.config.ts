import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Built into dist/client and served by the Nest server at /. Everything is bundled: venues often
// have no internet, so no CDN and no external fonts.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue()],
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
