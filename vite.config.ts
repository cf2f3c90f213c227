import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';

const api = { '/api': { target: 'http://localhost:3000', changeOrigin: false } };

/**
 * Emits dist/sw.js from client/src/offline/sw.js with the list of files to precache (index.html and
 * every built file under assets/) and a version hashed from them and the worker's own source, so
 * each build that changes anything installs a new worker and drops the old caches (docs/offline.md).
 */
function serviceWorker(): Plugin {
  const template = fileURLToPath(new URL('./client/src/offline/sw.js', import.meta.url));
  return {
    name: 'xiangtu-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const source = fs.readFileSync(template, 'utf8');
      const files = Object.keys(bundle)
        .filter((f) => f.startsWith('assets/') && !f.endsWith('.map'))
        .sort();
      const hash = createHash('sha256').update(source);
      for (const f of ['index.html', ...files]) {
        const out = bundle[f];
        hash.update(f).update(out?.type === 'chunk' ? out.code : String(out?.source ?? ''));
      }
      const precache = ['/', ...files.map((f) => `/${f}`)];
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: source
          .replace("'__VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 16)))
          .replace('/* __PRECACHE__ */ []', JSON.stringify(precache)),
      });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [vue(), serviceWorker()],
  define: {
    // vue-i18n feature flags: Composition API only, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
  server: { proxy: api },
  preview: { proxy: api },
});
