import { defineConfig } from 'vite';

// Served by the gateway at /dashboard, every asset bundled (no CDN: the page must work offline).
export default defineConfig({
  base: '/dashboard/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre and ECharts are large; one chunk each is what the page needs anyway.
    chunkSizeWarningLimit: 2000,
  },
});
