export * from './cli/io.ts'
export { commands } from './cli/commands.ts'
