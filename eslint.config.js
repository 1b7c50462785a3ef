// ESLint: typescript-eslint's strict type-checked rules over all TypeScript and Vue code, zero
// warnings allowed (`pnpm lint` runs in CI). Type information comes from the tsconfig files the
// type-check uses, so lint and tsc see the same program.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'
import prettier from 'eslint-config-prettier'

const project = ['./tsconfig.json', './tsconfig.client.json', './host-web/tsconfig.json', './host-web/tsconfig.scripts.json']

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'host-server/catalog/**',
      '.vitest-tmp/**',
      'test-results/**',
      '**/data/**',
      'wip/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      'plugin-sdk/create-plugin/template/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...vue.configs['flat/recommended'],
  // Layout is Prettier's: the style rules that would fight it are off.
  prettier,
  {
    languageOptions: { parserOptions: { project, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.vue'] } },
    rules: {
      // Numbers and booleans read naturally in messages; objects and unknowns stay refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `() => save()` as a callback is the idiom; a void value used anywhere else is still refused.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // TypeScript itself reports undefined names (and knows DOM and Node globals per tsconfig).
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // A plugin's client half defines its cell, editor and config components side by side, named
    // in defineComponent (the rule would take the file name, `client`, for a component name).
    // Props there are typed by TypeScript: a prop of any type (`PropType<unknown>`) is absent as
    // undefined, and a `default: undefined` would make Vue type it as undefined only.
    files: ['**/*.tsx'],
    rules: { 'vue/one-component-per-file': 'off', 'vue/multi-word-component-names': 'off', 'vue/require-default-prop': 'off' },
  },
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, project, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.vue'] } },
  },
  {
    // Tests and benchmarks read HTTP answers as untyped JSON and index into them freely: the
    // unsafe-any family (with `+` on such values) and non-null assertions are allowed there, and
    // only there. `afterAll(() => t?.close())` guards a beforeAll that failed, which the declared
    // type cannot say: unnecessary-condition is off there too.
    files: ['test/**', 'bench/**', '**/test/**', '**/*.test.ts', '**/*.check.ts', 'kernel/test/**', 'host-server/test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/restrict-plus-operands': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
)
