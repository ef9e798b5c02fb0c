// ESLint (flat config): typescript-eslint's recommended rules on every TypeScript and JavaScript file;
// formatting is Prettier's job (eslint-config-prettier turns the stylistic rules off). The layer rules
// live in .dependency-cruiser.cjs.
import js from '@eslint/js';
import globals from 'globals';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cluster/', '.cluster-second/', 'test-results/', 'reports/html/report.client.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  prettier,
);
