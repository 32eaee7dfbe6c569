import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'shell/**/*.test.ts', 'sim/**/*.test.ts', 'properties/**/*.test.ts', 'examples/**/*.test.ts', 'bench/**/*.test.ts', 'eslint-rules/**/*.test.ts', 'interop/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
})
