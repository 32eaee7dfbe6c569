// @ts-check
import tseslint from 'typescript-eslint'
import sipxfer from './eslint-rules/dependency-rule.js'

/** What the core may never touch: clocks, timers, ambient randomness, the process, the console (DESIGN.md). */
const impureGlobals = [
  'Date', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate',
  'process', 'console', 'performance', 'crypto', 'require', 'Buffer', 'fetch',
].map((name) => ({ name, message: `core/ is pure: no ${name} (time and I/O arrive as inputs, DESIGN.md)` }))

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'eslint-rules/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { sipxfer },
    rules: {
      'sipxfer/dependency-rule': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'core/ is pure: randomness comes from the seeded PRNG in state' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ThrowStatement', message: 'core/ never throws: return an error value (DESIGN.md totality)' },
        { selector: 'ClassDeclaration, ClassExpression', message: 'core/ has no classes: plain readonly data and functions' },
      ],
    },
  },
)
