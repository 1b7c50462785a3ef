import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

/** Modules the page shares with plugin client halves through its import map (see index.html). */
export const SHARED = ['vue', 'vue/jsx-runtime', 'element-plus', '@docpal/plugin-sdk/client']

export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: { external: SHARED },
  },
})
