import js from '@eslint/js';
import { vueTsConfigs, withVueTs } from '@vue/eslint-config-typescript';
import prettier from 'eslint-config-prettier';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

// One linter for the server, the tests and the client: typescript-eslint's type-checked rules
// everywhere, eslint-plugin-vue's recommended rules for the components, and Prettier for layout
// (eslint-config-prettier turns off the rules that would fight it; `npm test` runs prettier --check).
export default withVueTs(
  { rootDir: import.meta.dirname },
  { ignores: ['dist/', 'node_modules/', '.podium/', 'coverage/', 'test-artifacts/', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  pluginVue.configs['flat/recommended'],
  vueTsConfigs.recommendedTypeChecked,
  {
    rules: {
      // An un-awaited `expect(...).rejects` never runs; a floating promise hides a failure.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Its fixes removed assertions that the type check needs (literal types in reactive() state
      // and fixtures), so it stays off.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Fakes and stubs stand in for async interfaces without awaiting anything.
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  // The client's build config belongs to no tsconfig (it runs in Node, the client in the browser).
  { files: ['client/vite.config.ts'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
