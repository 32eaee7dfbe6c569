export * from './sipfrag.ts'
