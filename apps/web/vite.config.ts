import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API server the dev and preview servers forward to; FUPIN_API overrides it. */
const API_TARGET = process.env.FUPIN_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/docs': { target: API_TARGET, changeOrigin: false },
    },
  },
  preview: {
    port: 4173,
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/docs': { target: API_TARGET, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Vite 8 (Rolldown) spelling of manualChunks: keep the big libraries in their own
        // long-lived chunks so an app change does not invalidate them.
        codeSplitting: {
          groups: [
            // Higher priority is captured first; a group also takes its modules' dependencies,
            // so React must be claimed before the libraries that import it.
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/,
              priority: 40,
            },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design[\\/](?!icons)|@rc-component|rc-[\w-]+|@emotion|stylis|dayjs|clsx)/,
              priority: 30,
            },
            { name: 'antd-icons', test: /node_modules[\\/]@ant-design[\\/]icons/, priority: 25 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
});
