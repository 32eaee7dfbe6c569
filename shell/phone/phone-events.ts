/** The events a phone emits: one per UA event type, with the event as the argument, and `event` for all. */
import type { RuntimeEvent } from '../runtime/index.ts'

export type PhoneEventMap = { readonly [K in RuntimeEvent['type']]: Extract<RuntimeEvent, { type: K }> } & { readonly event: RuntimeEvent }

export type PhoneEventName = keyof PhoneEventMap

export type PhoneListener<K extends PhoneEventName> = (event: PhoneEventMap[K]) => void
