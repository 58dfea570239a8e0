import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'lab/.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': 'off',
    },
  },
  {
    // The pure core imports nothing of ours outside core/ and does no I/O.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['../../kube/*', '../../server/*', '../../cli/*', '../../demo/*', '../../telemetry/*', '../../installer/*', '**/kube/**', '**/server/**', '**/cli/**', '**/demo/**'], message: 'core/ is pure: it depends on nothing of ours outside core/' },
          { group: ['node:fs', 'node:net', 'node:http', 'node:child_process', 'fs', 'net', 'http', 'child_process'], message: 'core/ does no I/O' },
        ],
      }],
    },
  },
  {
    // The dashboard: hooks only at the top level of components and hooks. (Effects that re-run on
    // purpose-chosen dependencies are common here, so exhaustive-deps is left to review.)
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error' },
  },
  {
    files: ['packages/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
);
