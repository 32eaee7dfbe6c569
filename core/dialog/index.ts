export * from './dialog.ts'
export * from './request.ts'
