/** The effectful shell: transports, the UA runtime, RTP media, the Promise facade and the CLI. */
export * from './cli/io.ts'
export { commands } from './cli/commands.ts'
export * from './transport/index.ts'
export * from './runtime/index.ts'
export * from './phone/index.ts'
export * from './media/index.ts'
