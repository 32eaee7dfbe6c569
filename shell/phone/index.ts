export { createPhone, type Phone } from './create-phone.ts'
export type { PhoneOptions, TransferRequest } from './phone-options.ts'
export type { PhoneEventMap, PhoneEventName, PhoneListener } from './phone-events.ts'
export { stderrLogger, type LogLevelName } from './log-level.ts'
