export * from './refer-to.ts'
export * from './replaces-match.ts'
export * from './target-dialog.ts'
