export * from './refer-subscription.ts'
