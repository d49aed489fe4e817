import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // One build for every Node entry: the Electron shell, the web host, the CLI and the worker.
        input: {
          index: resolve(__dirname, 'main/app/index.ts'),
          host: resolve(__dirname, 'main/host/index.ts'),
          cli: resolve(__dirname, 'main/cli/index.ts'),
          worker: resolve(__dirname, 'main/worker/index.ts'),
          'billing-writer': resolve(__dirname, 'main/ingest/billing/billing-writer-thread.ts'),
          bench: resolve(__dirname, 'main/bench/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() packages: bundle everything into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
})
