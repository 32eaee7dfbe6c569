export * from './prng.ts'
