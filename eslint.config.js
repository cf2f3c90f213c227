// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['client/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Layering (ARCHITECTURE.md): common/ imports neither side; only client/src/map imports Leaflet;
  // only server/repositories and server/db import knex.
  {
    files: ['common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '**/server/**', '**/client/**', 'knex', 'leaflet', 'vue'],
              message: 'common/ is pure TypeScript shared by both sides.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/src/**'],
    ignores: ['client/src/map/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['leaflet', 'leaflet/*'], message: 'Only client/src/map/ imports Leaflet.' }] },
      ],
    },
  },
  {
    files: ['server/routes/**', 'server/services/**', 'server/auth/**', 'server/http/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['knex'], message: 'Only repositories and db/ talk to knex.' }] },
      ],
    },
  },
  prettier,
);
